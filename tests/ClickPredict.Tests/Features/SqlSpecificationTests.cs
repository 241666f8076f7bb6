using ClickPredict.Features;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Features;

/// <summary>
/// Gold is computed by the ordered pass (the online C# code over silver in one sweep); each feature's
/// SQL in <see cref="FeatureCatalog"/>, run by <see cref="FeatureDatabase"/> with window functions and
/// as-of joins, is the specification it is held to. Same lake, same options: the same examples (keys,
/// label, times) and every feature within 1e-9, and the same online snapshot, row for row.
/// </summary>
public class SqlSpecificationTests
{
    [Fact]
    public void Gold_equals_the_sql_specification_on_generated_data()
    {
        using var lake = FeatureLake.Generated(events: 40_000, seed: 11);

        AssertEqualsSpecification(lake, new FeatureOptions { CutStride = 1 });
    }

    [Fact]
    public void Gold_equals_the_sql_specification_on_the_rees46_sample()
    {
        using var lake = FeatureLake.FromFile("rees46", SharedData.Rees46);

        AssertEqualsSpecification(lake, new FeatureOptions());
    }

    [Fact]
    public void A_snapshot_cut_midway_equals_the_sql_specification()
    {
        using var lake = FeatureLake.Generated(events: 20_000, seed: 5);
        var end = lake.Build().Gold.Online.AsOf;

        AssertEqualsSpecification(lake, new FeatureOptions { SnapshotAsOf = end.AddDays(-2).AddTicks(-3_330) });
    }

    private static void AssertEqualsSpecification(FeatureLake lake, FeatureOptions options)
    {
        var gold = lake.Build(options).Gold;
        var reference = Path.Combine(lake.Folder, "reference");
        var metadata = new Dictionary<string, string> { ["build_id"] = "sql-specification" };
        using (var sql = FeatureDatabase.Open(lake.Lake, lake.Silver))
        {
            sql.BuildPrefixes(options);
            sql.ResolveHistory(examples: true, gold.Online.AsOf);
            sql.WriteExamples(Path.Combine(reference, "examples.parquet"), metadata);
            sql.WriteSnapshot(Path.Combine(reference, "online"), gold.Online.AsOf, metadata);
        }

        using var db = DuckDb.Open(lake.Lake.Spill);
        var features = FeatureCatalog.Names.Select(DuckDb.Identifier).ToList();
        var differing = string.Join(", ", features.Select(f => $"count(*) FILTER (WHERE abs(x.{f} - y.{f}) > 1e-9 * greatest(1, abs(y.{f})))"));
        using var row = db.Query(
            $"""
            SELECT count(*),
                   count(*) FILTER (WHERE x.cut_k IS NULL OR y.cut_k IS NULL),
                   count(*) FILTER (WHERE x.user_id <> y.user_id OR x.session_start <> y.session_start OR x.cut_time <> y.cut_time OR x.label <> y.label),
                   {differing}
            FROM read_parquet($gold) x FULL JOIN read_parquet($reference) y ON x.session_key = y.session_key AND x.cut_k = y.cut_k
            """,
            ("gold", gold.ExamplesPaths(lake.Lake).ToList()), ("reference", Path.Combine(reference, "examples.parquet")));
        row.Read();
        Assert.True(row.GetInt64(0) >= 1_000, $"only {row.GetInt64(0)} examples");
        Assert.Equal(gold.Examples.Rows, row.GetInt64(0));
        Assert.Equal(0, row.GetInt64(1));
        Assert.Equal(0, row.GetInt64(2));
        var mismatches = FeatureCatalog.Names.Select((name, i) => (name, count: row.GetInt64(3 + i))).Where(m => m.count > 0).ToList();
        Assert.True(mismatches.Count == 0, string.Join(", ", mismatches.Select(m => $"{m.name}: {m.count} rows differ")));

        foreach (var file in new[] { GoldLake.UsersFile, GoldLake.ItemsFile, GoldLake.CategoriesFile })
        {
            var (ours, theirs) = (Path.Combine(lake.Lake.GoldOnline, file), Path.Combine(reference, "online", file));
            var onlyOurs = db.Scalar<long>("SELECT count(*) FROM (SELECT * FROM read_parquet($a) EXCEPT ALL SELECT * FROM read_parquet($b))", ("a", ours), ("b", theirs));
            var onlyTheirs = db.Scalar<long>("SELECT count(*) FROM (SELECT * FROM read_parquet($b) EXCEPT ALL SELECT * FROM read_parquet($a))", ("a", ours), ("b", theirs));
            Assert.True(onlyOurs + onlyTheirs == 0, $"{file}: {onlyOurs} rows only in gold, {onlyTheirs} only in the specification");
            Assert.True(db.Scalar<long>("SELECT count(*) FROM read_parquet($a)", ("a", ours)) > 0, $"{file} is empty");
        }
    }
}
