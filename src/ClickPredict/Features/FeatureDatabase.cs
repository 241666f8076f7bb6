using System.Globalization;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Features;

/// <summary>
/// The feature catalog's SQL half, run by DuckDB: silver and its running-history timelines, from which
/// the examples and any number of online snapshots are computed through the same as-of statements
/// (only their probes differ). Gold is built by <see cref="OrderedPass"/>; this is the specification
/// the tests hold it to, the as-of snapshots the skew tests compare with, and the benchmark's baseline.
/// </summary>
internal sealed class FeatureDatabase : IDisposable
{
    private readonly DuckDBConnection db;

    private FeatureDatabase(DuckDBConnection db) => this.db = db;

    public static FeatureDatabase Open(Lake lake, SessionsManifest silver, string memoryLimit = "3GB")
    {
        var db = DuckDb.Open(lake.Spill, memoryLimit);
        try
        {
            // Nothing here reads a table in insertion order (the snapshot queries sort, the examples
            // are unordered), so every materialization and the examples write may run in parallel.
            db.Execute("SET preserve_insertion_order = false");
            db.Execute(Load(),
                ("sessions", silver.SessionsPaths(lake).ToList()), ("events", silver.SessionEventsPaths(lake).ToList()));
            db.Execute(FeatureSql.File("timelines.sql"));
            return new FeatureDatabase(db);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>load.sql</c> over silver's format 3. The file is part of the feature-set version (a model is
    /// served only features of the version it was trained on), so its text stays as written for format
    /// 2, whose events repeated their session's key; format 3's events name the session by user and
    /// session number, and the key is joined from <c>sessions</c> here. Every feature value is the same
    /// (gold compared row for row), so models trained before format 3 keep being served.
    /// </summary>
    private static string Load()
    {
        const string ByKey = "JOIN sessions s USING (session_key)";
        const string ByNumber = "JOIN (SELECT user_id, session_number, session_key FROM read_parquet($sessions)) k USING (user_id, session_number)\n" + ByKey;
        var load = FeatureSql.File("load.sql");
        return load.Contains(ByKey, StringComparison.Ordinal)
            ? load.Replace(ByKey, ByNumber, StringComparison.Ordinal)
            : throw new InvalidOperationException("load.sql no longer joins events to sessions by key; update FeatureDatabase.Load.");
    }

    /// <summary>One microsecond after the last event: a snapshot as of then holds all of history.</summary>
    public DateTime AfterLastEvent() =>
        db.Scalar<DateTime>("SELECT coalesce(max(event_time), TIMESTAMP '1970-01-01') + INTERVAL 1 MICROSECOND FROM events");

    /// <summary>Computes <c>prefix_features</c>: one row per sampled cut point with its prefix features.</summary>
    public void BuildPrefixes(FeatureOptions options)
    {
        db.Execute(FeatureSql.PrefixFeatures(FeatureCatalog.All),
            ("max_cut", options.MaxCut), ("dense_cuts", options.DenseCuts), ("cut_stride", options.CutStride));
    }

    /// <summary>
    /// Resolves the as-of history for the examples' probes (after <see cref="BuildPrefixes"/>) and, when
    /// <paramref name="snapshotAsOf"/> is given, for every user, item and category at that cutoff.
    /// </summary>
    public void ResolveHistory(bool examples, DateTime? snapshotAsOf, SnapshotScope? scope = null)
    {
        db.Execute(FeatureSql.File(examples ? "example_probes.sql" : "empty_probes.sql"));
        if (snapshotAsOf is { } asOf)
        {
            db.Execute(FeatureSql.File("snapshot_probes.sql"),
                ("as_of", asOf), ("everything", scope is null),
                ("users", scope?.Users.ToList() ?? []), ("items", scope?.Items.ToList() ?? []), ("categories", scope?.Categories.ToList() ?? []));
        }

        db.Execute(FeatureSql.File("user_history.sql"));
        db.Execute(FeatureSql.File("cut_history.sql"));
    }

    /// <summary>
    /// Drops the events, timelines and probes once <see cref="ResolveHistory"/> has run for the last
    /// time: the writes then have their memory (at 10 M events this keeps the examples write in RAM).
    /// </summary>
    public void ReleaseHistoryInputs() =>
        db.Execute(string.Concat(
            new[] { "events", "user_timeline", "item_views", "item_purchases", "category_views", "category_purchases", "category_view_prices", "user_probes", "cut_probes" }
                .Select(t => $"DROP TABLE IF EXISTS {t}; ")));

    /// <summary>
    /// Writes the examples to <paramref name="target"/> and counts them; the write itself refuses any
    /// NULL, NaN or infinite feature, so the file is never read back.
    /// </summary>
    public ExampleCounts WriteExamples(string target, IReadOnlyDictionary<string, string> metadata)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        long rows = db.Execute(FeatureSql.WriteExamples(FeatureCatalog.All, target, metadata), FeatureSql.CatalogParameters);
        // Every cut joins exactly one row of each history table, so the examples are prefix_features' rows.
        using var row = db.Query(
            "SELECT count(*), count(*) FILTER (WHERE s.first_purchase_index IS NOT NULL), count(DISTINCT f.sid) FROM prefix_features f JOIN sessions s ON s.sid = f.sid");
        row.Read();
        if (row.GetInt64(0) != rows)
        {
            throw new InvalidOperationException($"Wrote {rows} example(s) for {row.GetInt64(0)} cut point(s). Nothing was committed.");
        }

        return new ExampleCounts(rows, row.GetInt64(1), row.GetInt64(2));
    }

    /// <summary>Writes the snapshot resolved by <see cref="ResolveHistory"/> to the three online files in <paramref name="folder"/>.</summary>
    public SnapshotCounts WriteSnapshot(string folder, DateTime asOf, IReadOnlyDictionary<string, string> metadata)
    {
        Directory.CreateDirectory(folder);
        long Write(string sqlFile, string fileName) => db.Execute(
            $"COPY ({FeatureSql.File(sqlFile)}) TO {DuckDb.Literal(Path.Combine(folder, fileName))} (FORMAT parquet, COMPRESSION snappy, KV_METADATA {FeatureSql.Metadata(metadata)})");
        return new SnapshotCounts(
            asOf,
            Write("snapshot_users.sql", GoldLake.UsersFile),
            Write("snapshot_items.sql", GoldLake.ItemsFile),
            Write("snapshot_categories.sql", GoldLake.CategoriesFile));
    }

    /// <summary>
    /// The online snapshot as of <paramref name="asOf"/>, in memory: what serving would have loaded had
    /// it been written then, limited to <paramref name="scope"/> when given.
    /// </summary>
    public OnlineSnapshot Snapshot(DateTime asOf, SnapshotScope? scope = null)
    {
        ResolveHistory(examples: false, asOf, scope);
        return OnlineSnapshot.Read(db, FeatureSql.File("snapshot_users.sql"), FeatureSql.File("snapshot_items.sql"), FeatureSql.File("snapshot_categories.sql"),
            asOf, FeatureSetVersion.Current, "as-of-" + asOf.ToString("O", CultureInfo.InvariantCulture));
    }

    public void Dispose() => db.Dispose();
}
