using ClickPredict.Features;
using ClickPredict.Storage;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Features;

public class FeatureSetVersionTests
{
    private static readonly List<string> SharedSql = [.. FeatureSql.SharedFiles.Select(FeatureSql.File)];

    [Fact]
    public void The_version_changes_when_any_definition_changes_and_only_then()
    {
        var catalog = FeatureCatalog.All.ToList();
        var current = FeatureSetVersion.Of(catalog, SharedSql, FeatureSetVersion.OnlineCodeVersion);
        var changedSql = catalog.Select(f => f.Name == "item_views" ? f with { Sql = "i.views + 1" } : f);
        var renamed = catalog.Select(f => f.Name == "item_views" ? f with { Name = "item_view_count" } : f);
        var reordered = catalog.AsEnumerable().Reverse();
        var changedShared = SharedSql.Select(s => s.Replace("ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING", StringComparison.Ordinal));

        Assert.Equal(FeatureSetVersion.Current, current);
        Assert.Equal(current, FeatureSetVersion.Of([.. catalog], [.. SharedSql], FeatureSetVersion.OnlineCodeVersion));
        Assert.Equal(5, new[]
        {
            current,
            FeatureSetVersion.Of(changedSql, SharedSql, FeatureSetVersion.OnlineCodeVersion),
            FeatureSetVersion.Of(renamed, SharedSql, FeatureSetVersion.OnlineCodeVersion),
            FeatureSetVersion.Of(reordered, SharedSql, FeatureSetVersion.OnlineCodeVersion),
            FeatureSetVersion.Of(catalog, changedShared, FeatureSetVersion.OnlineCodeVersion),
        }.Distinct().Count());
        Assert.NotEqual(current, FeatureSetVersion.Of(catalog, SharedSql, FeatureSetVersion.OnlineCodeVersion + 1));
    }

    [Fact]
    public void Every_gold_file_and_the_manifest_carry_the_version_and_the_online_files_the_build()
    {
        using var lake = FeatureLake.FromRows([Event("2024-03-01 10:00:00", "u1", "s1"), Event("2024-03-01 10:01:00", "u1", "s1", "purchase")]);

        lake.Build();

        var gold = lake.Gold;
        Assert.Equal(FeatureSetVersion.Current, gold.FeatureSetVersion);
        Assert.Equal(FeatureCatalog.Names, gold.Features.Select(f => f.Name));
        var online = new[] { GoldLake.UsersFile, GoldLake.ItemsFile, GoldLake.CategoriesFile }.Select(f => Path.Combine(lake.Lake.GoldOnline, f)).ToList();
        using var db = DuckDb.Open(lake.Lake.Spill);
        string? Value(string file, string key) =>
            db.Scalar<string>("SELECT decode(value) FROM parquet_kv_metadata($f) WHERE decode(key) = $k", ("f", file), ("k", key));
        foreach (var file in gold.ExamplesPaths(lake.Lake).Concat(online))
        {
            Assert.Equal(FeatureSetVersion.Current, Value(file, "feature_set_version"));
        }

        // The online files name their build; an examples file names its date instead, so that a date
        // rebuilt by a later build is the same file, byte for byte.
        Assert.All(online, f => Assert.Equal(gold.BuildId, Value(f, "build_id")));
        Assert.Equal("2024-03-01", Value(gold.ExamplesPaths(lake.Lake).Single(), "session_date"));

        Assert.Equal(["session_key", "cut_k", "user_id", "session_start", "cut_time", "label", .. FeatureCatalog.Names],
            Columns(db, gold.ExamplesPaths(lake.Lake)[0]).Select(c => c.Name));
        Assert.All(Columns(db, gold.ExamplesPaths(lake.Lake)[0]).Skip(6), c => Assert.Equal("DOUBLE", c.Type));
    }

    [Fact]
    public void A_snapshot_built_by_another_feature_set_is_refused()
    {
        using var lake = FeatureLake.FromRows([Event("2024-03-01 10:00:00", "u1", "s1")]);
        lake.Build();
        (lake.Gold with { FeatureSetVersion = "fs-0000000000000000" }).Save(lake.Lake);

        var error = Assert.Throws<FeaturesException>(() => OnlineSnapshot.Load(lake.Lake));

        Assert.Contains($"built with feature set fs-0000000000000000, but this build computes {FeatureSetVersion.Current}", error.Message, StringComparison.Ordinal);
    }

    private static List<(string Name, string Type)> Columns(DuckDB.NET.Data.DuckDBConnection db, string file)
    {
        var columns = new List<(string, string)>();
        using var reader = db.Query("DESCRIBE SELECT * FROM read_parquet($f)", ("f", file));
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }
}
