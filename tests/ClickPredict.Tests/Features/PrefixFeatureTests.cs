using ClickPredict.Events;
using ClickPredict.Features;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Features;

/// <summary>Prefix features of a hand-made session, worked out by hand, offline (gold) and online alike.</summary>
public class PrefixFeatureTests
{
    // Tuesday 2024-03-05, 14:00 UTC. Gaps 30, 60, 10, 120, 10 seconds.
    private static readonly (string Time, EventType Type, string Item, string Category, double? Price)[] Session =
    [
        ("2024-03-05 14:00:00", EventType.View, "i1", "c1", 10),
        ("2024-03-05 14:00:30", EventType.View, "i2", "c1", 30),
        ("2024-03-05 14:01:30", EventType.Cart, "i2", "c1", 30),
        ("2024-03-05 14:01:40", EventType.View, "i1", "c1", 10),
        ("2024-03-05 14:03:40", EventType.View, "i3", "c2", null),
        ("2024-03-05 14:03:50", EventType.RemoveFromCart, "i2", "c1", 30),
    ];

    private static readonly Dictionary<string, double> AtTheSixthEvent = new()
    {
        ["prefix_events"] = 6,
        ["prefix_views"] = 4,
        ["prefix_carts"] = 1,
        ["prefix_removes"] = 1,
        ["prefix_distinct_items"] = 3,
        ["prefix_distinct_categories"] = 2,
        ["prefix_duration_seconds"] = 230,
        ["prefix_mean_gap_seconds"] = 46,
        ["prefix_max_gap_seconds"] = 120,
        ["last_dwell_seconds"] = 10,
        ["last_is_view"] = 0,
        ["last_is_cart"] = 0,
        ["last_is_remove"] = 1,
        ["prefix_view_price_mean"] = 50.0 / 3,   // the view without a price does not count
        ["prefix_view_price_max"] = 30,
        ["prefix_cart_value"] = 30,
        ["prefix_max_item_views"] = 2,           // i1, viewed twice
        ["prefix_top_category_view_share"] = 0.75, // c1 has 3 of the 4 views
        ["session_start_hour"] = 14,
        ["session_start_weekday"] = 2,           // Tuesday, Sunday being 0
    };

    private static readonly Dictionary<string, double> AtTheFirstEvent = new()
    {
        ["prefix_duration_seconds"] = 0,
        ["prefix_mean_gap_seconds"] = 0,
        ["prefix_max_gap_seconds"] = 0,
        ["last_dwell_seconds"] = 0,
        ["prefix_view_price_mean"] = 10,
        ["prefix_cart_value"] = 0,
        ["prefix_top_category_view_share"] = 1,
    };

    [Fact]
    public void Gold_holds_the_hand_computed_values()
    {
        using var lake = FeatureLake.FromRows(Session.Select(e =>
            Event(e.Time, "u1", "s1", CanonicalEventTypes.Name(e.Type), e.Item, e.Price, e.Category)));

        lake.Build(new FeatureOptions { CutStride = 1 });

        var examples = lake.Examples();
        AssertValues(AtTheSixthEvent, examples[("u1/s1", 6)]);
        AssertValues(AtTheFirstEvent, examples[("u1/s1", 1)]);
    }

    [Fact]
    public void The_online_computation_gives_the_hand_computed_values()
    {
        var events = Session.Select(e => new SessionEvent(DateTime.Parse(e.Time, System.Globalization.CultureInfo.InvariantCulture), e.Type, e.Item, e.Category, e.Price)).ToArray();

        var six = OnlineFeatures.Compute(events, UserHistory.None, EntityStatsLookup.Empty);
        var one = OnlineFeatures.Compute(events.AsSpan(0, 1), UserHistory.None, EntityStatsLookup.Empty);

        AssertValues(AtTheSixthEvent, new GoldExample("", 6, "", default, default, false, six));
        AssertValues(AtTheFirstEvent, new GoldExample("", 1, "", default, default, false, one));
    }

    private static void AssertValues(Dictionary<string, double> expected, GoldExample actual)
    {
        var wrong = expected.Where(kv => !FeatureComparison.Close(kv.Value, actual[kv.Key])).Select(kv => $"{kv.Key}: expected {kv.Value}, got {actual[kv.Key]}");
        Assert.Empty(wrong);
    }
}
