using ClickPredict.Features;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Features;

/// <summary>User history and item and category statistics as of the session start: strictly before it.</summary>
public class HistoryFeatureTests
{
    private const string Start = "2024-03-05 14:00:00";

    private static FeatureLake Lake() => FeatureLake.FromRows([
        // Another user, the day before: a view and a purchase of iX.
        Event("2024-03-04 09:00:00", "u9", "s9", "view", "iX", 5, "cX"),
        Event("2024-03-04 09:01:00", "u9", "s9", "purchase", "iX", 5, "cX"),
        // u1's earlier session: converts, spends 7.
        Event("2024-03-04 10:00:00", "u1", "s0", "view", "iA", 7, "cY"),
        Event("2024-03-04 10:05:00", "u1", "s0", "purchase", "iA", 7, "cY"),
        // A view of iX one microsecond before u1's session starts counts; a purchase exactly at the start does not.
        Event("2024-03-05 13:59:59.999999", "u7", "s7", "view", "iX", 5, "cX"),
        Event(Start, "u8", "s8", "purchase", "iX", 5, "cX"),
        // The example's session, and a later one of the same user.
        Event(Start, "u1", "s1", "view", "iX", 5, "cX"),
        Event("2024-03-05 14:01:00", "u1", "s1", "purchase", "iX", 5, "cX"),
        Event("2024-03-06 08:00:00", "u1", "s2", "purchase", "iX", 50, "cX"),
        // A new user, an item nobody saw before, no category.
        Event("2024-03-05 15:00:00", "u6", "s6", "view", "iZ", 3, null),
    ]);

    [Fact]
    public void History_counts_what_happened_strictly_before_the_session_start()
    {
        using var lake = Lake();

        lake.Build();

        var x = lake.Examples()[("u1/s1", 1)];
        Assert.Equal((1, 1, 1, 7), (x["user_prev_sessions"], x["user_prev_converted_sessions"], x["user_prev_purchases"], x["user_prev_spend"]));
        Assert.Equal(2.0 / 21, x["user_prev_conversion_rate"], 12);
        Assert.Equal(27 * 3600 + 55 * 60, x["user_seconds_since_last_event"]);   // since 2024-03-04 10:05
        Assert.Equal(28.0 / 24, x["user_days_since_first_seen"], 12);            // since 2024-03-04 10:00
        Assert.Equal((2, 1), (x["item_views"], x["item_purchases"]));
        Assert.Equal(2.0 / 22, x["item_conversion_rate"], 12);
        Assert.Equal((2, 1), (x["category_views"], x["category_purchases"]));
    }

    [Fact]
    public void A_new_user_an_unseen_item_and_no_category_read_documented_defaults()
    {
        using var lake = Lake();

        lake.Build();

        var x = lake.Examples()[("u6/s6", 1)];
        Assert.Equal((0, 0, 0, 0), (x["user_prev_sessions"], x["user_prev_converted_sessions"], x["user_prev_purchases"], x["user_prev_spend"]));
        Assert.Equal((-1, -1), (x["user_seconds_since_last_event"], x["user_days_since_first_seen"]));
        Assert.Equal((0.05, 0.05, 0.05), (x["user_prev_conversion_rate"], x["item_conversion_rate"], x["category_conversion_rate"]));
        Assert.Equal((0, 0, 0, 0), (x["item_views"], x["category_views"], x["prefix_distinct_categories"], x["prefix_top_category_view_share"]));
    }

    [Fact]
    public void A_price_is_read_against_the_mean_price_of_its_categorys_earlier_views()
    {
        using var lake = FeatureLake.FromRows([
            // Before the session: views of cP at 10 and 30, a view without a price (not in the mean),
            // a cart at 500 (not a view) and a view of another category.
            Event("2024-03-05 09:00:00", "u2", "s2", "view", "iP1", 10, "cP"),
            Event("2024-03-05 09:01:00", "u2", "s2", "view", "iP2", 30, "cP"),
            Event("2024-03-05 09:02:00", "u2", "s2", "view", "iP3", null, "cP"),
            Event("2024-03-05 09:03:00", "u2", "s2", "cart", "iP2", 500, "cP"),
            Event("2024-03-05 09:04:00", "u2", "s2", "view", "iQ1", 1000, "cQ"),
            // At the session's start, by someone else: not history yet.
            Event(Start, "u3", "s3", "view", "iP4", 90, "cP"),
            Event(Start, "u1", "s1", "view", "iP2", 30, "cP"),
            Event("2024-03-05 14:01:00", "u1", "s1", "view", "iP5", 5, "cP"),
            Event("2024-03-05 14:02:00", "u1", "s1", "view", "iP6", null, "cP"),
            Event("2024-03-05 14:03:00", "u1", "s1", "view", "iR1", 7, "cR"),
        ]);

        lake.Build();

        var examples = lake.Examples();
        Assert.Equal(1.5, examples[("u1/s1", 1)]["last_price_vs_category"], 12);   // 30 / mean(10, 30)
        Assert.Equal(0.25, examples[("u1/s1", 2)]["last_price_vs_category"], 12);  // 5 / 20: the session's own views are not history
        Assert.Equal(-1, examples[("u1/s1", 3)]["last_price_vs_category"]);        // no price
        Assert.Equal(-1, examples[("u1/s1", 4)]["last_price_vs_category"]);        // a category nobody viewed before
        Assert.Equal(-1, examples[("u2/s2", 1)]["last_price_vs_category"]);        // nothing before the first view
    }

    [Fact]
    public void The_online_snapshot_holds_all_history_before_its_cutoff()
    {
        using var lake = Lake();

        lake.Build(new FeatureOptions { SnapshotAsOf = new DateTime(2024, 3, 5, 14, 0, 0, DateTimeKind.Utc) });
        var asOfStart = OnlineSnapshot.Load(lake.Lake);
        lake.Build();
        var latest = OnlineSnapshot.Load(lake.Lake);

        Assert.Equal(new UserHistory(1, 1, 1, 7, Micros("2024-03-04 10:00:00"), Micros("2024-03-04 10:05:00")), asOfStart.User("u1"));
        Assert.Equal(new EntityStats(2, 1), asOfStart.Stats.Item("iX"));
        Assert.False(asOfStart.User("u6").Known);
        Assert.Equal(new UserHistory(3, 3, 3, 62, Micros("2024-03-04 10:00:00"), Micros("2024-03-06 08:00:00")), latest.User("u1"));
        Assert.Equal(new EntityStats(3, 4), latest.Stats.Item("iX"));
        Assert.Equal(new EntityStats(0, 0), latest.Stats.Item("no-such-item"));
        Assert.Equal(new DateTime(2024, 3, 6, 8, 0, 0).AddTicks(10), latest.AsOf);
        Assert.Equal((5, 3, 2), (latest.UserCount, latest.Stats.ItemCount, latest.Stats.CategoryCount));
    }

    private static long Micros(string time) =>
        (DateTime.Parse(time, System.Globalization.CultureInfo.InvariantCulture).Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
