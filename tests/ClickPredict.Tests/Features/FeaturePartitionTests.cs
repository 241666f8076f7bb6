using ClickPredict.Features;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Features;

/// <summary>
/// A features build split by user hash: partitions staged at the same time on one lake, then merged,
/// give the same gold as one build, row for row; a merge with a partition missing changes nothing.
/// </summary>
public class FeaturePartitionTests
{
    [Fact]
    public async Task Three_partitions_built_at_once_and_merged_equal_one_build()
    {
        using var lake = FeatureLake.Generated(events: 30_000, seed: 21);
        var whole = lake.Build().Gold;
        var reference = Path.Combine(lake.Folder, "one-build");
        CopyGold(lake.Lake, whole, reference);

        var options = new FeatureOptions { Partitions = 3 };
        var staged = Enumerable.Range(0, 3)
            .Select(i => Task.Run(() => new FeatureBuilder(lake.Lake, options).StagePartition(i)))
            .ToArray();
        var parts = await Task.WhenAll(staged);
        var merged = new FeatureBuilder(lake.Lake, options).Merge().Gold;

        Assert.Equal(3, merged.Partitions);
        Assert.Equal(3, merged.ExamplesFiles.Count);
        Assert.Equal(whole.Examples, merged.Examples);
        Assert.Equal(whole.Online, merged.Online);
        Assert.All(parts, s => Assert.InRange(s.Examples.Rows, whole.Examples.Rows / 5, whole.Examples.Rows / 2));
        using var db = DuckDb.Open(lake.Lake.Spill);
        AssertSameRows(db, Path.Combine(reference, "examples", "*.parquet"), merged.ExamplesPaths(lake.Lake));
        foreach (var file in new[] { GoldLake.UsersFile, GoldLake.ItemsFile, GoldLake.CategoriesFile })
        {
            AssertSameRows(db, Path.Combine(reference, "online", file), [Path.Combine(lake.Lake.GoldOnline, file)]);
        }

        // Each partition's file holds only its own users' sessions.
        foreach (var file in merged.ExamplesPaths(lake.Lake))
        {
            var partition = int.Parse(Path.GetFileNameWithoutExtension(file).Split("-p")[^1].Split("of")[0], System.Globalization.CultureInfo.InvariantCulture);
            using var users = db.Query("SELECT DISTINCT user_id FROM read_parquet($f)", ("f", file));
            while (users.Read())
            {
                Assert.Equal(partition, UserPartition.Of(users.GetString(0), 3));
            }
        }

        Assert.False(Directory.Exists(lake.Lake.GoldPartitions));
    }

    [Fact]
    public void A_merge_with_a_partition_missing_fails_and_changes_nothing()
    {
        using var lake = FeatureLake.Generated(events: 10_000, seed: 22);
        var before = lake.Build().Gold;
        var options = new FeatureOptions { Partitions = 2 };
        new FeatureBuilder(lake.Lake, options).StagePartition(1);

        var error = Assert.Throws<FeaturesException>(() => new FeatureBuilder(lake.Lake, options).Merge());

        Assert.Contains("Partition(s) 0 of 2 are not staged", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.BuildId, lake.Gold.BuildId);
        Assert.All(before.ExamplesPaths(lake.Lake), f => Assert.True(File.Exists(f)));
    }

    [Fact]
    public void A_merge_that_fails_before_its_commit_leaves_gold_and_the_staged_partitions_as_they_were()
    {
        using var lake = FeatureLake.Generated(events: 10_000, seed: 24);
        var before = lake.Build().Gold;
        var options = new FeatureOptions { Partitions = 2 };
        new FeatureBuilder(lake.Lake, options).StagePartition(0);
        new FeatureBuilder(lake.Lake, options).StagePartition(1);

        Assert.Throws<IOException>(() => new FeatureBuilder(lake.Lake, options with { BeforeCommit = () => throw new IOException("disk full") }).Merge());

        Assert.Equal(before.BuildId, lake.Gold.BuildId);
        Assert.All(before.ExamplesPaths(lake.Lake), f => Assert.True(File.Exists(f)));
        var merged = new FeatureBuilder(lake.Lake, options).Merge().Gold;
        Assert.Equal(before.Examples, merged.Examples);
    }

    [Fact]
    public void A_staging_partition_keeps_writers_out_of_the_lake()
    {
        using var lake = FeatureLake.Generated(events: 5_000, seed: 23);
        using (lake.Lake.SharedLock())
        using (lake.Lake.SharedLock())
        {
            Assert.Throws<LakeBusyException>(() => lake.Build());
        }

        Assert.True(lake.Build().Gold.Examples.Rows > 0);
    }

    private static void CopyGold(Lake lake, FeaturesManifest gold, string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "examples"));
        Directory.CreateDirectory(Path.Combine(folder, "online"));
        foreach (var file in gold.ExamplesPaths(lake))
        {
            File.Copy(file, Path.Combine(folder, "examples", Path.GetFileName(file)));
        }

        foreach (var file in Directory.GetFiles(lake.GoldOnline))
        {
            File.Copy(file, Path.Combine(folder, "online", Path.GetFileName(file)));
        }
    }

    private static void AssertSameRows(DuckDB.NET.Data.DuckDBConnection db, string expected, IReadOnlyList<string> actual)
    {
        var rows = db.Scalar<long>("SELECT count(*) FROM read_parquet($a)", ("a", expected));
        Assert.True(rows > 0, $"{expected} is empty");
        Assert.Equal(rows, db.Scalar<long>("SELECT count(*) FROM read_parquet($b)", ("b", actual.ToList())));
        Assert.Equal(0, db.Scalar<long>(
            "SELECT count(*) FROM (SELECT * FROM read_parquet($a) EXCEPT ALL SELECT * FROM read_parquet($b))", ("a", expected), ("b", actual.ToList())));
    }
}
