using System.Data.Common;
using ClickPredict.Storage;

namespace ClickPredict.Monitoring;

/// <summary>Reads feature columns for drift from gold (a session-start window) or from any Parquet files.</summary>
internal static class ColumnLoader
{
    public const string ScoreColumn = "score";

    /// <summary>
    /// About the most rows one side of a drift comparison reads. Past it, a gold window is a seeded
    /// uniform sample of this many, and files (a prediction log) are their newest files holding this
    /// many: drift runs inside the API beside serving and must stay small (D23).
    /// </summary>
    public const int MaxRows = 250_000;

    private static readonly string[] LoggedColumns = [PredictionLogSchema.Probability, PredictionLogSchema.ModelName, PredictionLogSchema.ModelVersion];

    /// <summary>The <paramref name="features"/> of the gold examples whose sessions start in [from, to).</summary>
    public static FeatureColumns GoldWindow(Lake lake, IReadOnlyList<string> files, IReadOnlyList<string> features, DateTime from, DateTime to)
    {
        using var db = Open(lake);
        var sql = DuckDb.Sql("Monitoring/Sql/window_features.sql")
            .Replace("/* features */", string.Join(", ", features.Select(DuckDb.Identifier)), StringComparison.Ordinal);
        (string, object?)[] parameters = [("files", files.ToArray()), ("from", from), ("to", to)];
        var all = db.Scalar<long>($"SELECT count(*) FROM ({sql})", parameters);
        var rows = (int)Math.Min(all, MaxRows);
        using var reader = db.Query(Sampled(sql, all), parameters);
        return new FeatureColumns(features, Read(reader, features.Count, rows), rows, null) { Of = all };
    }

    /// <summary>
    /// Parquet files matching <paramref name="glob"/> (DuckDB's glob syntax): the columns named like
    /// <paramref name="features"/> they have, and <c>score</c> when present. The API's prediction log
    /// has no <c>score</c> but the <c>probability</c> each row was answered with and by which model:
    /// given <paramref name="model"/>, rows it answered keep that probability as their score, the others read NaN
    /// (answered by a challenger or an earlier champion, so the caller scores them again). Given
    /// <paramref name="since"/> (UTC), only rows logged from then on (<c>logged_at</c>) are read.
    /// </summary>
    public static (FeatureColumns Columns, IReadOnlyList<string> Missing, long Skipped) Files(
        Lake lake, string glob, IReadOnlyList<string> features, (string Name, int Version)? model = null, DateTime? since = null)
    {
        using var db = Open(lake);
        var files = new List<string>();
        using (var listed = db.Query("SELECT file FROM glob($glob) ORDER BY file", ("glob", glob)))
        {
            while (listed.Read())
            {
                files.Add(listed.GetString(0));
            }
        }

        if (files.Count == 0)
        {
            throw new MonitoringException($"No file matches {glob}; pass Parquet files with columns named like the model's features (and optionally {ScoreColumn}).");
        }

        // Past the budget, the newest files (names sort by time, as the prediction log names them) that
        // hold MaxRows rows: reading every file of a long log cost ~1.2 GB at 21 M rows even sampled,
        // since DuckDB's scan buffers are not bounded by its memory_limit (D23).
        var listedRows = RowsPerFile(db, files);
        var total = listedRows.Sum();
        var newest = files.Count;
        for (long kept = 0; newest > 0 && kept < MaxRows; kept += listedRows[--newest])
        {
        }

        var pastBudget = files[..newest];
        files = files[newest..];

        var present = new HashSet<string>(StringComparer.Ordinal);
        using (var described = db.Query("DESCRIBE SELECT * FROM read_parquet($files, union_by_name = true)", ("files", files.ToArray())))
        {
            while (described.Read())
            {
                present.Add(described.GetString(0));
            }
        }

        if (since is not null && !present.Contains(PredictionLogSchema.LoggedAt))
        {
            throw new MonitoringException($"{glob} has no {PredictionLogSchema.LoggedAt} column, so the rows logged from a time on cannot be chosen; leave out the window's start.");
        }

        var found = features.Where(present.Contains).ToList();
        var logged = model is not null && !present.Contains(ScoreColumn) && LoggedColumns.All(present.Contains);
        var hasScore = present.Contains(ScoreColumn) || logged;
        if (found.Count == 0 && !hasScore)
        {
            throw new MonitoringException($"{glob} has none of the model's feature columns and no {ScoreColumn} column; its columns are {string.Join(", ", present.Order(StringComparer.Ordinal))}.");
        }

        var selected = found.Select(c => $"CAST({DuckDb.Identifier(c)} AS DOUBLE)").ToList();
        if (hasScore)
        {
            selected.Add(logged
                ? "CASE WHEN model_name = $model AND model_version = $version THEN probability ELSE 'NaN'::DOUBLE END"
                : $"CAST({DuckDb.Identifier(ScoreColumn)} AS DOUBLE)");
        }

        // A prediction log is read, never trusted: a row whose probability is not a number in [0, 1] is skipped and counted.
        var valid = logged ? "isfinite(probability) AND probability BETWEEN 0 AND 1" : "true";
        var inWindow = since is null ? "true" : $"epoch_us({DuckDb.Identifier(PredictionLogSchema.LoggedAt)}) >= {EpochMicros.Of(since.Value).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        valid = $"({inWindow}) AND ({valid})";
        var sql = DuckDb.Sql("Monitoring/Sql/files_columns.sql").Replace("/* columns */", string.Join(", ", selected), StringComparison.Ordinal) + $" WHERE {valid}";
        long all;
        long windowed;
        long valids;
        using (var counted = db.Query($"SELECT count(*), count(*) FILTER (WHERE {inWindow}), count(*) FILTER (WHERE {valid}) FROM read_parquet($files, union_by_name = true)", ("files", files.ToArray())))
        {
            counted.Read();
            (all, windowed, valids) = (counted.GetInt64(0), counted.GetInt64(1), counted.GetInt64(2));
        }

        (string, object?)[] parameters = logged
            ? [("files", files.ToArray()), ("model", model!.Value.Name), ("version", model.Value.Version)]
            : [("files", files.ToArray())];
        var rows = checked((int)valids);
        using var reader = db.Query(sql, parameters);
        var columns = hasScore ? [.. found, ScoreColumn] : found;
        var values = Read(reader, columns.Count, rows);
        // Rows before the window are left out, not skipped; the older files past the budget count as they would be read.
        var older = since is null || pastBudget.Count == 0 ? total - all : OlderInWindow(db, pastBudget, inWindow);
        return (new FeatureColumns(found, values[..found.Count], rows, hasScore ? values[^1] : null) { Of = older + valids }, [.. features.Except(found)], windowed - valids);
    }

    /// <summary>
    /// One thread and a small memory limit: drift runs beside serving and must not take its cores or
    /// its memory; and a single thread makes the seeded sample the same on every run.
    /// </summary>
    private static DuckDB.NET.Data.DuckDBConnection Open(Lake lake)
    {
        var db = DuckDb.Open(lake.Spill, "512MB");
        db.Execute("SET threads = 1");
        return db;
    }

    /// <summary>Rows of <paramref name="older"/> files (past the row budget) inside the window.</summary>
    private static long OlderInWindow(DuckDB.NET.Data.DuckDBConnection db, List<string> older, string inWindow) =>
        db.Scalar<long>($"SELECT count(*) FROM read_parquet($files, union_by_name = true) WHERE {inWindow}", ("files", older.ToArray()));

    private static long[] RowsPerFile(DuckDB.NET.Data.DuckDBConnection db, List<string> files)
    {
        var rows = files.ToDictionary(f => f, _ => 0L, StringComparer.Ordinal);
        using var reader = db.Query("SELECT file_name, sum(row_group_num_rows) FROM (SELECT DISTINCT file_name, row_group_id, row_group_num_rows FROM parquet_metadata($files)) GROUP BY file_name", ("files", files.ToArray()));
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return [.. files.Select(f => rows[f])];
    }

    /// <summary><paramref name="sql"/>, or a seeded uniform sample of <see cref="MaxRows"/> of its <paramref name="rows"/> rows.</summary>
    private static string Sampled(string sql, long rows) =>
        rows <= MaxRows ? sql : $"SELECT * FROM ({sql}) USING SAMPLE reservoir({MaxRows} ROWS) REPEATABLE (42)";

    private static float[][] Read(DbDataReader reader, int columnCount, int rows)
    {
        var values = new float[columnCount][];
        for (var c = 0; c < columnCount; c++)
        {
            values[c] = new float[rows];
        }

        var row = 0;
        while (reader.Read())
        {
            for (var c = 0; c < columnCount; c++)
            {
                values[c][row] = reader.IsDBNull(c) ? float.NaN : (float)reader.GetDouble(c);
            }

            row++;
        }

        return values;
    }
}

/// <summary>A monitoring request that cannot be met with the data at hand; the message says what to do.</summary>
internal sealed class MonitoringException(string message) : Exception(message);
