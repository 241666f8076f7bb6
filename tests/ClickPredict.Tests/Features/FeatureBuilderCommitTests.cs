using ClickPredict.Features;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Features;

public class FeatureBuilderCommitTests
{
    private static Dictionary<string, string> GoldSnapshot(FeatureLake lake) =>
        LakeReader.Snapshot(lake.Lake).Where(kv => kv.Key.StartsWith("gold/", StringComparison.Ordinal)).ToDictionary();

    [Fact]
    public void Running_again_gives_the_same_rows_and_keeps_only_the_new_build()
    {
        using var lake = FeatureLake.Generated(events: 5_000, seed: 3);
        var first = lake.Build().Gold;
        var rows = lake.Examples();

        var second = lake.Build(new FeatureOptions { Full = true }).Gold;

        Assert.NotEqual(first.BuildId, second.BuildId);
        var again = lake.Examples();
        Assert.Equal(rows.Keys, again.Keys);
        Assert.All(rows, kv => Assert.Equal(kv.Value.Features, again[kv.Key].Features));
        Assert.Equal(first.Examples, second.Examples);
        Assert.True(first.Examples.Rows > 1_000);
        Assert.Equal(
            ["gold/_features.json", .. second.ExamplesFiles, "gold/online/categories.parquet", "gold/online/items.parquet", "gold/online/users.parquet", second.ReplayFile!],
            GoldSnapshot(lake).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(second.BuildId, OnlineSnapshot.Load(lake.Lake).BuildId);
        Assert.Equal($"gold/replay/replay-{second.BuildId}.bin", second.ReplayFile);   // the first build's checkpoint is gone
    }

    [Fact]
    public void Gold_built_from_this_silver_with_these_options_is_up_to_date_and_left_as_it_is()
    {
        using var lake = FeatureLake.Generated(events: 5_000, seed: 4);
        var built = lake.Build().Gold;
        var before = GoldSnapshot(lake);

        var again = lake.Build();

        Assert.True(again.UpToDate);
        Assert.Equal(built.BuildId, again.Gold.BuildId);
        Assert.Equal(before, GoldSnapshot(lake));
        var otherCuts = lake.Build(new FeatureOptions { MaxCut = 10 });
        Assert.False(otherCuts.UpToDate);
        Assert.NotEqual(built.BuildId, otherCuts.Gold.BuildId);
        Assert.False(lake.Build(new FeatureOptions { MaxCut = 10, SnapshotAsOf = otherCuts.Gold.Online.AsOf.AddHours(-1) }).UpToDate);
        Assert.False(lake.Build(new FeatureOptions { MaxCut = 10 }).UpToDate);   // the snapshot was as of an hour earlier
        Assert.True(lake.Build(new FeatureOptions { MaxCut = 10 }).UpToDate);
    }

    [Fact]
    public void Without_sessions_or_with_sessions_older_than_the_last_ingest_it_says_to_sessionize_and_writes_nothing()
    {
        using var empty = new FeatureLake();
        var noSilver = Assert.Throws<FeaturesException>(() => empty.Build());
        using var stale = FeatureLake.FromRows([Event("2024-03-01 10:00:00", "u1", "s1")]);
        stale.Ingest([Event("2024-03-02 10:00:00", "u2", "s2")]);
        var staleSilver = Assert.Throws<FeaturesException>(() => stale.Build());

        Assert.EndsWith("run `clickpredict sessionize` first.", noSilver.Message, StringComparison.Ordinal);
        Assert.Contains("predate the latest ingest; run `clickpredict sessionize` first.", staleSilver.Message, StringComparison.Ordinal);
        Assert.Empty(GoldSnapshot(empty));
        Assert.Empty(GoldSnapshot(stale));
    }

    [Fact]
    public void A_failure_after_staging_leaves_the_previous_gold_exactly_as_it_was()
    {
        using var lake = FeatureLake.FromRows([Event("2024-03-01 10:00:00", "u1", "s1"), Event("2024-03-01 10:01:00", "u1", "s1", "cart")]);
        lake.Build();
        var before = GoldSnapshot(lake);

        Assert.Throws<IOException>(() => lake.Build(new FeatureOptions { MaxCut = 1, AfterStaging = () => throw new IOException("disk gone") }));

        Assert.Equal(before, GoldSnapshot(lake));
        Assert.Equal(2, lake.Examples().Count);
        Assert.Empty(Directory.GetDirectories(lake.Lake.Staging, "features-*"));
    }

    [Fact]
    public void Files_moved_in_without_a_commit_are_refused_by_readers_and_replaced_by_the_next_run()
    {
        using var lake = FeatureLake.FromRows([Event("2024-03-01 10:00:00", "u1", "s1"), Event("2024-03-01 10:01:00", "u1", "s1", "cart")]);
        var committed = lake.Build().Gold;

        Assert.Throws<IOException>(() => lake.Build(new FeatureOptions { MaxCut = 1, BeforeCommit = () => throw new IOException("power cut") }));

        Assert.Equal(committed.BuildId, lake.Gold.BuildId);
        Assert.Equal(2, lake.Examples().Count);
        var refused = Assert.Throws<FeaturesException>(() => OnlineSnapshot.Load(lake.Lake));
        Assert.Contains("does not belong to the committed features build", refused.Message, StringComparison.Ordinal);
        var next = lake.Build().Gold;
        Assert.Equal(next.BuildId, OnlineSnapshot.Load(lake.Lake).BuildId);
        Assert.Equal(next.ExamplesFiles, Directory.GetFiles(lake.Lake.GoldExamples).Select(lake.Lake.Relative));
    }
}
