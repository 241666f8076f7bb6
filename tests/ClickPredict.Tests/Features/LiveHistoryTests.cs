using ClickPredict.Features;
using ClickPredict.Sessions;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Features;

/// <summary>
/// The live state — a snapshot plus the events recorded since — answers "history strictly before
/// this session's start" as gold does: silver replayed event by event after a cutoff, in any order
/// and with retries, gives every later example's features to 1e-9.
/// </summary>
public class LiveHistoryTests
{
    private static readonly TimeSpan Gap = SessionizeOptions.DefaultGap;

    [Fact]
    public void Events_recorded_after_the_snapshot_give_the_gold_features_of_every_later_session()
    {
        // Every other session without its session id, so gap sessions are replayed live too.
        var rows = FeatureLake.GeneratedDays(events: 20_000, seed: 51).Values.SelectMany(d => d)
            .Select(r => r.Split(',')).Select(f => string.Join(',', f.Select((v, i) => i == 2 && v.GetHashCode(StringComparison.Ordinal) % 2 == 0 ? "" : v)));
        using var lake = FeatureLake.FromRows(rows);
        var cutoff = lake.QuietInstant();
        lake.Build(new FeatureOptions { SnapshotAsOf = cutoff, Full = true });
        var gold = lake.Examples().Values.Where(x => x.SessionStart >= cutoff).ToList();
        var live = new LiveHistory(OnlineSnapshot.Load(lake.Lake), Gap);

        var events = lake.LiveEvents();
        var later = events.Where(e => e.Micros >= EpochMicros.Of(cutoff)).ToList();
        var shuffled = later.OrderBy(e => (e.EventId.GetHashCode(StringComparison.Ordinal) & 0xff) ^ (int)(e.Micros / 3_600_000_000)).ToList();
        Assert.All(shuffled, e => Assert.Equal(LiveOutcome.Applied, live.Record(e)));
        Assert.All(shuffled.Take(200), e => Assert.Equal(LiveOutcome.Duplicate, live.Record(e)));
        Assert.All(events.Where(e => e.Micros < EpochMicros.Of(cutoff)).Take(50), e => Assert.Equal(LiveOutcome.BeforeSnapshot, live.Record(e)));
        Assert.Equal(later.Count, live.Applied);

        var sessions = lake.SessionEvents(gold.Select(x => x.SessionKey));
        FeatureLake.AssertLiveFeaturesEqualGold(live, gold, sessions, "live");

        Assert.True(gold.Count > 2_000, $"only {gold.Count} examples after the cutoff");
        Assert.Contains(gold, x => x.Features[FeatureCatalog.Names.ToList().IndexOf("user_prev_sessions")] > 0);
    }

    [Fact]
    public void Without_live_events_the_answers_are_the_snapshots()
    {
        using var lake = FeatureLake.Generated(events: 3_000, seed: 52);
        lake.Build();
        var snapshot = OnlineSnapshot.Load(lake.Lake);
        var live = new LiveHistory(snapshot, Gap);
        var user = lake.Examples().Values.First().UserId;

        Assert.Equal(snapshot.User(user), live.User(user, long.MaxValue));
        Assert.Equal(0, live.Applied);
    }
}
