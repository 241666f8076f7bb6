using ClickPredict.Events;
using ClickPredict.Features;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Features;

public class OnlineFeaturesTests
{
    private static SessionEvent[] Prefix(int length) =>
        [.. Enumerable.Range(0, length).Select(i => new SessionEvent(
            new DateTime(2024, 3, 1, 10, 0, 0).AddSeconds(7 * i + i % 3), i % 5 == 3 ? EventType.Cart : EventType.View, $"i{i % 7}", $"c{i % 3}", 10 + i))];

    [Fact]
    public void Computing_a_20_event_prefix_allocates_nothing()
    {
        var prefix = Prefix(20);
        var stats = new EntityStatsLookup(new() { [prefix[^1].ItemId] = new EntityStats(40, 5) }, new() { [prefix[^1].Category!] = new EntityStats(400, 9) });
        var user = new UserHistory(3, 1, 2, 35.5, 1, 2);
        var destination = new double[OnlineFeatures.Count];
        OnlineFeatures.Compute(prefix, user, stats, destination);

        // A round of 1,000 calls allocates 1,000 times over if a call allocates; the runtime may allocate
        // once on this thread when it recompiles the method mid-round, so the quietest of five rounds counts.
        var fewest = long.MaxValue;
        for (var round = 0; round < 5 && fewest > 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                OnlineFeatures.Compute(prefix, user, stats, destination);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.Equal(20, destination[GoldExample.IndexOf("prefix_events")]);
        Assert.Equal(6.0 / 60, destination[GoldExample.IndexOf("item_conversion_rate")]);
    }

    [Fact]
    public void A_prefix_longer_than_the_stack_buffer_is_computed_the_same_way()
    {
        var prefix = Prefix(OnlineFeatures.StackEvents * 2);

        var values = OnlineFeatures.Compute(prefix, UserHistory.None, EntityStatsLookup.Empty);

        Assert.Equal(prefix.Length, values[GoldExample.IndexOf("prefix_events")]);
        Assert.Equal(prefix.Count(e => e.Type == EventType.View), values[GoldExample.IndexOf("prefix_views")]);
        Assert.Equal(7, values[GoldExample.IndexOf("prefix_distinct_items")]);
    }

    [Fact]
    public void An_empty_or_unordered_prefix_or_a_short_destination_is_refused()
    {
        var prefix = Prefix(3);

        Assert.Throws<ArgumentException>(() => OnlineFeatures.Compute([], UserHistory.None, EntityStatsLookup.Empty));
        Assert.Throws<ArgumentException>(() => OnlineFeatures.Compute([prefix[1], prefix[0]], UserHistory.None, EntityStatsLookup.Empty));
        Assert.Throws<ArgumentException>(() => OnlineFeatures.Compute(prefix, UserHistory.None, EntityStatsLookup.Empty, new double[OnlineFeatures.Count - 1]));
    }

    [Fact]
    public void Sorting_events_online_gives_silver_order_including_ties()
    {
        const string t = "2024-03-01 10:00:00";
        using var lake = FeatureLake.FromRows([
            Event(t, "u1", "s1", "purchase", "i9", 9), Event(t, "u1", "s1", "view", "i2", 1), Event(t, "u1", "s1", "remove_from_cart", "i1", 2),
            Event(t, "u1", "s1", "cart", "i1", 2), Event(t, "u1", "s1", "view", "i1", 3), Event(t, "u1", "s1", "view", "i1", null),
            Event(t, "u1", "s1", "view", "i1", 3, category: null), Event(t, "u1", "s1", "view", "i1", 3, category: "c0"),
            Event("2024-03-01 09:59:59.999999", "u1", "s1", "view", "i9", 5),
        ]);
        var silver = lake.SessionEvents(["u1/s1"])["u1/s1"];
        var shuffled = silver.OrderBy(e => e.GetHashCode()).Reverse().ToList();

        SessionEventOrder.Sort(shuffled);

        Assert.Equal(silver, shuffled);
        Assert.True(SessionEventOrder.IsSorted([.. silver]));
    }
}
