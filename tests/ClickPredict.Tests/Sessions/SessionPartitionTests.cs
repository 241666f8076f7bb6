using System.Globalization;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using ClickPredict.Tests.Features;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Sessions;

/// <summary>
/// Sessionize split by user hash: partitions staged at the same time on one lake, then merged, give
/// the silver of one full build (rows, counts, and gold of the same bytes), anonymous rows and source
/// ids shared by two users included; the next day's incremental build goes on from it.
/// </summary>
public class SessionPartitionTests
{
    /// <summary>Source ids whose rows cross users: what a partition cannot see from its own rows.</summary>
    private static IEnumerable<string> CrossUserRows(DateOnly day)
    {
        string At(string time) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + time;
        return
        [
            // An anonymous visitor who logs in: the rows without a user join k1's session.
            Event(At("09:00:00"), "", "s-login", "view", "iA"),
            Event(At("09:01:00"), "k1", "s-login", "cart", "iA"),
            // An id two users carry (REES46 reuses ids): split by user, its anonymous row stays apart.
            Event(At("10:00:00"), "k2", "s-shared", "view", "iB"),
            Event(At("10:02:00"), "k3", "s-shared", "view", "iC"),
            Event(At("10:03:00"), "", "s-shared", "view", "iC"),
            Event(At("23:50:00"), "k2", "s-shared", "purchase", "iB", price: 9.5),
            // Only anonymous rows, and a user's rows without ids (gap sessions).
            Event(At("11:00:00"), "", "s-alone", "view", "iD"),
            Event(At("12:00:00"), "k4", null, "view", "iE"),
            Event(At("12:40:00"), "k4", null, "view", "iF"),
        ];
    }

    [Fact]
    public async Task Three_partitions_staged_at_once_and_merged_equal_one_full_build_and_the_next_day_builds_on_them()
    {
        var days = FeatureLake.GeneratedDays(events: 20_000, seed: 51);
        var last = days.Keys.Max();
        using var lake = FeatureLake.FromRows(days.Where(d => d.Key < last).SelectMany(d => d.Value).Concat(CrossUserRows(days.Keys.Min())));
        var whole = lake.Silver;
        var (events, sessions) = lake.SilverRows();
        var gold = lake.GoldFileHashes();
        Assert.True(whole.Counts is { ReconciledSessions: > 0, SplitSessionIds: > 0, GapSessions: > 0 });

        var options = new SessionizeOptions { Partitions = 3 };
        // The first computes the source ids' facts and saves them; the other two, at once, read them.
        var first = new Sessionizer(lake.Lake, options).StagePartition(0);
        Assert.True(File.Exists(Path.Combine(SilverPartitionManifest.Folder(lake.Lake, first.BronzeFingerprint), "source-facts.parquet")));
        var parts = (await Task.WhenAll(Enumerable.Range(1, 2).Select(i => Task.Run(() => new Sessionizer(lake.Lake, options).StagePartition(i))))).Prepend(first).ToList();
        var merged = new Sessionizer(lake.Lake, options).Merge();

        Assert.Equal(whole.Counts, merged.Counts);
        Assert.Equal(events, lake.SilverRows().Events);
        Assert.Equal(sessions, lake.SilverRows().Sessions);
        Assert.Equal(gold, lake.GoldFileHashes());
        Assert.All(parts, p => Assert.InRange(p.Counts.Sessions, whole.Counts.Sessions / 6, whole.Counts.Sessions / 2));
        Assert.Equal(parts.Sum(p => p.SessionsFiles.Count), merged.Silver.SessionsFiles.Count);
        Assert.False(Directory.Exists(lake.Lake.SilverPartitions));
        using (var db = DuckDb.Open(lake.Lake.Spill))
        {
            // Each file holds only its partition's users.
            foreach (var file in merged.Silver.SessionsPaths(lake.Lake))
            {
                var partition = int.Parse(Path.GetFileNameWithoutExtension(file).Split("-p")[^1].Split("of")[0], CultureInfo.InvariantCulture);
                Assert.Equal(0, db.Scalar<long>("SELECT count(*) FROM read_parquet($f) WHERE hash(user_id) % 3 <> $p", ("f", file), ("p", partition)));
            }
        }

        lake.Ingest(days[last]);
        var incremental = lake.Sessionize();
        var next = lake.SilverRows();
        var nextGold = lake.GoldFileHashes();
        var rebuilt = lake.Sessionize(full: true);

        Assert.True(incremental.Scope.Incremental);
        Assert.Equal(rebuilt.Counts, incremental.Counts);
        Assert.Equal(lake.SilverRows().Events, next.Events);
        Assert.Equal(lake.SilverRows().Sessions, next.Sessions);
        Assert.Equal(lake.GoldFileHashes(), nextGold);
    }

    [Fact]
    public void A_merge_with_a_partition_missing_or_staged_before_an_ingest_fails_and_changes_nothing()
    {
        var days = FeatureLake.GeneratedDays(events: 5_000, seed: 52);
        using var lake = FeatureLake.FromRows(days.First().Value);
        var before = lake.Silver;
        var options = new SessionizeOptions { Partitions = 2 };
        new Sessionizer(lake.Lake, options).StagePartition(1);

        var missing = Assert.Throws<SessionizeException>(() => new Sessionizer(lake.Lake, options).Merge());

        Assert.Contains("Partition(s) 0 of 2 are not staged", missing.Message, StringComparison.Ordinal);
        Assert.Equal(before.BuildId, lake.Silver.BuildId);
        Assert.All(before.SessionsPaths(lake.Lake), f => Assert.True(File.Exists(f)));

        new Sessionizer(lake.Lake, options).StagePartition(0);
        lake.Ingest(days.Skip(1).First().Value);
        var stale = Assert.Throws<SessionizeException>(() => new Sessionizer(lake.Lake, options).Merge());

        Assert.Contains("Partition(s) 0, 1 of 2 are not staged for bronze as it is now", stale.Message, StringComparison.Ordinal);
        Assert.Equal(before.BuildId, lake.Silver.BuildId);
    }

    [Fact]
    public void A_merge_that_fails_before_its_commit_leaves_silver_and_the_staged_partitions_as_they_were()
    {
        var days = FeatureLake.GeneratedDays(events: 5_000, seed: 53);
        using var lake = FeatureLake.FromRows(days.SelectMany(d => d.Value));
        var before = lake.Silver;
        var (events, sessions) = lake.SilverRows();
        var options = new SessionizeOptions { Partitions = 2 };
        new Sessionizer(lake.Lake, options).StagePartition(0);
        new Sessionizer(lake.Lake, options).StagePartition(1);

        Assert.Throws<IOException>(() => new Sessionizer(lake.Lake, options with { BeforeCommit = () => throw new IOException("disk full") }).Merge());

        Assert.Equal(before.BuildId, lake.Silver.BuildId);
        Assert.Equal(events, lake.SilverRows().Events);
        var merged = new Sessionizer(lake.Lake, options).Merge();
        Assert.Equal(before.Counts, merged.Counts);
        Assert.Equal(sessions, lake.SilverRows().Sessions);
    }
}
