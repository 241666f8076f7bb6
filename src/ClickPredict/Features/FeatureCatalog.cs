using ClickPredict.Events;
using static ClickPredict.Features.FeatureGroup;

namespace ClickPredict.Features;

/// <summary>
/// Every feature, declared once: name, group, the DuckDB expression that computes it offline and the
/// C# that computes it online. The order here is the column order in gold and in the feature vector.
/// Sentinels (no NaN anywhere): a missing price statistic or price ratio is -1, a missing gap or cart value 0, a new
/// user's recency and age -1, and conversion rates with no history read the prior (see <see cref="ConversionPrior"/>).
/// </summary>
internal static class FeatureCatalog
{
    private const string Duration = "(epoch_us(e.event_time) - epoch_us(e.session_start)) / 1e6";

    private static readonly FeatureDefinition[] Features =
    [
        new("prefix_events", Prefix, "e.event_index", static (in x) => x.K),
        new("prefix_views", Prefix, "count(*) FILTER (WHERE e.event_type = 'view') OVER prefix", static (in x) => x.Prefix.Views),
        new("prefix_carts", Prefix, "count(*) FILTER (WHERE e.event_type = 'cart') OVER prefix", static (in x) => x.Prefix.Carts),
        new("prefix_removes", Prefix, "count(*) FILTER (WHERE e.event_type = 'remove_from_cart') OVER prefix", static (in x) => x.Prefix.Removes),
        new("prefix_distinct_items", Prefix, "count(*) FILTER (WHERE e.first_of_item) OVER prefix", static (in x) => x.Prefix.DistinctItems),
        new("prefix_distinct_categories", Prefix, "count(*) FILTER (WHERE e.first_of_category) OVER prefix", static (in x) => x.Prefix.DistinctCategories),
        new("prefix_duration_seconds", Prefix, Duration, static (in x) => (x.Last.Micros - x.SessionStartMicros) / 1e6),
        new("prefix_mean_gap_seconds", Prefix, $"CASE WHEN e.event_index > 1 THEN {Duration} / (e.event_index - 1) ELSE 0 END",
            static (in x) => x.K > 1 ? (x.Last.Micros - x.SessionStartMicros) / 1e6 / (x.K - 1) : 0),
        new("prefix_max_gap_seconds", Prefix, "coalesce(max(e.gap_seconds) OVER prefix, 0)", static (in x) => x.Prefix.MaxGapSeconds.Or(0)),
        new("last_dwell_seconds", Prefix, "coalesce(e.gap_seconds, 0)", static (in x) => x.Last.GapSeconds.Or(0)),
        new("last_is_view", Prefix, "e.event_type = 'view'", static (in x) => x.Last.Type == EventType.View ? 1 : 0),
        new("last_is_cart", Prefix, "e.event_type = 'cart'", static (in x) => x.Last.Type == EventType.Cart ? 1 : 0),
        new("last_is_remove", Prefix, "e.event_type = 'remove_from_cart'", static (in x) => x.Last.Type == EventType.RemoveFromCart ? 1 : 0),
        new("prefix_view_price_mean", Prefix, "coalesce(avg(e.price) FILTER (WHERE e.event_type = 'view') OVER prefix, -1)",
            static (in x) => x.Prefix.ViewPriceMean.Or(-1)),
        new("prefix_view_price_max", Prefix, "coalesce(max(e.price) FILTER (WHERE e.event_type = 'view') OVER prefix, -1)",
            static (in x) => x.Prefix.ViewPriceMax.Or(-1)),
        new("prefix_cart_value", Prefix, "coalesce(sum(e.price) FILTER (WHERE e.event_type = 'cart') OVER prefix, 0)",
            static (in x) => x.Prefix.CartValue.Or(0)),
        new("prefix_max_item_views", Prefix, "max(e.item_views_so_far) OVER prefix", static (in x) => x.Prefix.MaxItemViews),
        new("prefix_top_category_view_share", Prefix, "CASE WHEN prefix_views > 0 THEN max(e.category_views_so_far) OVER prefix / prefix_views ELSE 0 END",
            static (in x) => x.Prefix.Views is > 0 and var views ? x.Prefix.MaxCategoryViews / views : 0),
        new("session_start_hour", Prefix, "hour(e.session_start)", static (in x) => x.SessionStart.Hour),
        new("session_start_weekday", Prefix, "dayofweek(e.session_start)", static (in x) => (int)x.SessionStart.DayOfWeek),

        new("user_prev_sessions", User, "u.sessions", static (in x) => x.User.Sessions),
        new("user_prev_converted_sessions", User, "u.converted_sessions", static (in x) => x.User.ConvertedSessions),
        new("user_prev_conversion_rate", User, "(u.converted_sessions + $prior_successes) / (u.sessions + $prior_trials)",
            static (in x) => ConversionPrior.Rate(x.User.ConvertedSessions, x.User.Sessions)),
        new("user_prev_purchases", User, "u.purchases", static (in x) => x.User.Purchases),
        new("user_prev_spend", User, "u.spend", static (in x) => x.User.Spend),
        new("user_seconds_since_last_event", User, "coalesce((epoch_us(u.as_of) - epoch_us(u.last_event_time)) / 1e6, -1)",
            static (in x) => x.User.Known ? (x.SessionStartMicros - x.User.LastEventMicros) / 1e6 : -1),
        new("user_days_since_first_seen", User, "coalesce((epoch_us(u.as_of) - epoch_us(u.first_seen)) / 86400e6, -1)",
            static (in x) => x.User.Known ? (x.SessionStartMicros - x.User.FirstSeenMicros) / 86400e6 : -1),

        new("item_views", Item, "h.item_views", static (in x) => x.Item.Views),
        new("item_purchases", Item, "h.item_purchases", static (in x) => x.Item.Purchases),
        new("item_conversion_rate", Item, "(h.item_purchases + $prior_successes) / (h.item_views + $prior_trials)", static (in x) => x.Item.ConversionRate),
        new("category_views", Item, "h.category_views", static (in x) => x.Category.Views),
        new("category_purchases", Item, "h.category_purchases", static (in x) => x.Category.Purchases),
        new("category_conversion_rate", Item, "(h.category_purchases + $prior_successes) / (h.category_views + $prior_trials)", static (in x) => x.Category.ConversionRate),
        new("last_price_vs_category", Item, "coalesce(f.cut_price / nullif(h.category_view_price_sum / nullif(h.category_priced_views, 0), 0), -1)",
            static (in x) => x.Last.Price / x.Category.MeanViewPrice is var ratio && double.IsFinite(ratio) ? ratio : -1),
    ];

    public static IReadOnlyList<FeatureDefinition> All => Features;

    public static int Count => Features.Length;

    public static IReadOnlyList<string> Names { get; } = [.. Features.Select(f => f.Name)];

    /// <summary>The array itself, for the online hot path (no interface dispatch).</summary>
    internal static ReadOnlySpan<FeatureDefinition> Span => Features;
}
