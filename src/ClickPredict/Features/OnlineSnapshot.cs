using System.Data.Common;
using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Features;

/// <summary>
/// The online store, in memory: per-user history and per-item and per-category statistics strictly
/// before <see cref="AsOf"/>, as the features stage wrote them to <c>gold/online</c>. Unknown ids
/// read as no history. Immutable once loaded, so one instance serves concurrent requests.
/// </summary>
internal sealed class OnlineSnapshot(Dictionary<string, UserHistory> users, EntityStatsLookup stats, DateTime asOf, string featureSetVersion, string buildId)
{
    public DateTime AsOf { get; } = asOf;

    public string FeatureSetVersion { get; } = featureSetVersion;

    public string BuildId { get; } = buildId;

    public EntityStatsLookup Stats { get; } = stats;

    public int UserCount => users.Count;

    public UserHistory User(string userId) => users.GetValueOrDefault(userId);

    /// <summary>
    /// Loads the snapshot the lake's <c>gold/_features.json</c> commits, checking each file belongs to
    /// that build and that the build's feature set is the one this code computes.
    /// </summary>
    public static OnlineSnapshot Load(Lake lake)
    {
        var gold = FeaturesManifest.Load(lake)
            ?? throw new FeaturesException($"The lake at {lake.Root} has no features yet; run `clickpredict features` first.");
        if (gold.FeatureSetVersion != Features.FeatureSetVersion.Current)
        {
            throw new FeaturesException(
                $"The online snapshot in {lake.Root} was built with feature set {gold.FeatureSetVersion}, but this build computes {Features.FeatureSetVersion.Current}; run `clickpredict features` again.");
        }

        var files = Files(lake);
        // Serving may mount the lake read-only: DuckDB's spill folder goes to the machine's temp folder.
        using var db = DuckDb.Open(Path.Combine(Path.GetTempPath(), "clickpredict-duckdb"), "1GB");
        if (Stranger(db, files, gold.BuildId) is { } file)
        {
            throw new FeaturesException(
                $"{file} does not belong to the committed features build {gold.BuildId} (an interrupted run?); run `clickpredict features` again.");
        }

        return Read(db, "SELECT * FROM read_parquet($users)", "SELECT * FROM read_parquet($items)", "SELECT * FROM read_parquet($categories)",
            gold.Online.AsOf, gold.FeatureSetVersion, gold.BuildId, ("users", files[0]), ("items", files[1]), ("categories", files[2]));
    }

    /// <summary>The snapshot's three files in the lake.</summary>
    internal static List<string> Files(Lake lake) =>
        [.. new[] { GoldLake.UsersFile, GoldLake.ItemsFile, GoldLake.CategoriesFile }.Select(f => Path.Combine(lake.GoldOnline, f))];

    /// <summary>The first of <paramref name="files"/> missing or written by another build than <paramref name="buildId"/>, or null.</summary>
    internal static string? Stranger(DuckDBConnection db, IEnumerable<string> files, string buildId) =>
        files.FirstOrDefault(file => !File.Exists(file)
            || db.Scalar<string>("SELECT decode(value) FROM parquet_kv_metadata($file) WHERE decode(key) = 'build_id'", ("file", file)) != buildId);

    /// <summary>Reads the three snapshot queries (columns as <c>Sql/snapshot_*.sql</c> select them) into memory.</summary>
    internal static OnlineSnapshot Read(
        DuckDBConnection db, string usersSql, string itemsSql, string categoriesSql, DateTime asOf, string featureSetVersion, string buildId,
        params (string Name, object? Value)[] parameters)
    {
        var users = new Dictionary<string, UserHistory>(StringComparer.Ordinal);
        using (var reader = db.Query(usersSql, parameters))
        {
            while (reader.Read())
            {
                users[reader.GetString(0)] = new UserHistory(
                    reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), Micros(reader, 5), Micros(reader, 6));
            }
        }

        return new OnlineSnapshot(users, new EntityStatsLookup(Entities(db, itemsSql, parameters), Entities(db, categoriesSql, parameters)),
            asOf, featureSetVersion, buildId);
    }

    private static Dictionary<string, EntityStats> Entities(DuckDBConnection db, string sql, (string Name, object? Value)[] parameters)
    {
        var stats = new Dictionary<string, EntityStats>(StringComparer.Ordinal);
        using var reader = db.Query(sql, parameters);
        while (reader.Read())
        {
            // Categories carry their views' price sum and count (snapshot_categories.sql); items do not.
            stats[reader.GetString(0)] = reader.FieldCount > 3
                ? new EntityStats(reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4))
                : new EntityStats(reader.GetInt64(1), reader.GetInt64(2));
        }

        return stats;
    }

    private static long Micros(DbDataReader reader, int column) =>
        EpochMicros.Of(reader.GetDateTime(column));
}
