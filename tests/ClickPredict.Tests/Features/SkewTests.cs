using ClickPredict.Features;

namespace ClickPredict.Tests.Features;

/// <summary>
/// Training/serving skew: for sampled gold examples, the online computation (the prefix read back
/// from silver, the user and item statistics from a snapshot built as of the session's start) must
/// equal the offline row, feature by feature.
/// </summary>
public class SkewTests
{
    private const int MinExamples = 1_000;
    private const int ShortSessions = 40;

    [Fact]
    public void Online_features_equal_gold_on_generated_data()
    {
        using var lake = FeatureLake.Generated(events: 40_000, seed: 11);

        var compared = CompareOnlineWithGold(lake, seed: 1);

        AssertCoversHistory(compared);
    }

    [Fact]
    public void Online_features_equal_gold_on_the_rees46_sample()
    {
        using var lake = FeatureLake.FromFile("rees46", SharedData.Rees46);

        var compared = CompareOnlineWithGold(lake, seed: 3);

        // A few hours of one store: returning visitors, but none who bought in two earlier sessions.
        AssertCoversHistory(compared, returning: e => e["user_prev_sessions"] >= 1);
    }

    [Fact]
    [Trait("Category", SharedData.ExternalData)]
    public void Online_features_equal_gold_on_the_taobao_sample()
    {
        using var lake = FeatureLake.FromFile("taobao", SharedData.Taobao);

        var compared = CompareOnlineWithGold(lake, seed: 2);

        AssertCoversHistory(compared);
    }

    /// <summary>
    /// Draws whole sessions (every cut point) at random: <see cref="ShortSessions"/> with fewer than
    /// five cuts, then longer ones until there are <see cref="MinExamples"/> examples. Each session
    /// gets its own snapshot, limited to what its prefixes look up.
    /// </summary>
    private static List<GoldExample> CompareOnlineWithGold(FeatureLake lake, int seed, int minExamples = MinExamples)
    {
        lake.Build(new FeatureOptions { CutStride = 1 });
        var gold = lake.Examples();
        var random = new Random(seed);
        var sessions = gold.Values.GroupBy(e => e.SessionKey).OrderBy(_ => random.Next()).ToList();
        var drawn = sessions.Where(s => s.Count() < 5).Take(ShortSessions).ToList();
        foreach (var session in sessions.Where(s => s.Count() >= 5).TakeWhile(_ => drawn.Sum(s => s.Count()) < minExamples))
        {
            drawn.Add(session);
        }

        var events = lake.SessionEvents(drawn.Select(s => s.Key));
        var compared = new List<GoldExample>();
        var failures = new List<string>();
        using var db = FeatureDatabase.Open(lake.Lake, lake.Silver);
        foreach (var session in drawn)
        {
            var prefix = events[session.Key].ToArray();
            var snapshot = db.Snapshot(session.First().SessionStart, SnapshotScope.For(session.First().UserId, prefix));
            foreach (var example in session)
            {
                var user = snapshot.User(example.UserId);
                var online = OnlineFeatures.Compute(prefix.AsSpan(0, example.CutK), user, snapshot.Stats);
                var differences = FeatureComparison.Differences(example.Features, online);
                if (differences.Count > 0)
                {
                    failures.Add($"{example.SessionKey} k={example.CutK}: {string.Join("; ", differences)}");
                }

                compared.Add(example);
            }
        }

        Assert.True(compared.Count >= MinExamples, $"only {compared.Count} examples in gold");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared.Count} examples differ offline vs online, e.g.\n{string.Join("\n", failures.Take(10))}");
        return compared;
    }

    /// <summary>The comparison means something only if the examples reach into history: returning users, seen items, long prefixes.</summary>
    private static void AssertCoversHistory(List<GoldExample> compared, Predicate<GoldExample>? returning = null)
    {
        Assert.Contains(compared, returning ?? (e => e["user_prev_sessions"] >= 2 && e["user_prev_purchases"] >= 1));
        Assert.Contains(compared, e => e["user_prev_sessions"] == 0);
        Assert.Contains(compared, e => e["item_views"] >= 2 && e["item_purchases"] >= 1);
        Assert.Contains(compared, e => e["category_purchases"] >= 1);
        Assert.Contains(compared, e => e["prefix_events"] >= 10);
        Assert.Contains(compared, e => e["prefix_max_item_views"] >= 2);
        Assert.Contains(compared, e => e["prefix_distinct_categories"] >= 2 && e["prefix_top_category_view_share"] is > 0 and < 1);
    }
}
