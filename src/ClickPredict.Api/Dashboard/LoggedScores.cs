using System.Collections.Concurrent;
using ClickPredict.Api.Configuration;
using ClickPredict.Monitoring;
using ClickPredict.Storage;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Dashboard;

/// <summary>
/// Score histograms of one UTC day from the prediction log's finished files. A finished file never
/// changes, so each is aggregated by DuckDB once and its bins are kept; a render only reads the files
/// finished since the last one, which keeps the page fast over a log of millions of rows. The log is
/// read, never trusted: rows with a probability outside [0, 1] and files DuckDB cannot read are
/// skipped, counted and logged once, so a damaged file can never stop the page or the API's start.
/// </summary>
internal sealed class LoggedScores(IOptions<PredictionLogOptions> options, ILogger<LoggedScores> log)
{
    private static readonly string Sql = DashboardSql.Read("score_histogram.sql");
    private static readonly int Epoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private readonly string? folder = options.Value.Enabled ? Path.GetFullPath(options.Value.Folder!) : null;
    private readonly ConcurrentDictionary<string, FileBins> files = new(StringComparer.Ordinal);
    private readonly Lock reading = new();

    public string? Folder => folder;

    /// <summary>Rows skipped because their probability is not a number in [0, 1], over the files read so far.</summary>
    public long SkippedRows => files.Values.Sum(f => f.Skipped);

    /// <summary>Files skipped because they could not be read as prediction-log Parquet.</summary>
    public int UnreadableFiles => files.Values.Count(f => f.Unreadable);

    /// <summary>Scores of <paramref name="model"/> v<paramref name="version"/> logged on <paramref name="day"/> (UTC), and how many files they came from.</summary>
    public (ScoreHistogram Scores, int Files) Day(DateOnly day, string model, int version)
    {
        if (folder is null || !Directory.Exists(folder))
        {
            return (ScoreHistogram.Empty, 0);
        }

        // A file finished before the day began holds no row of it; the writer renames a file into place when it finishes.
        var since = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var recent = new DirectoryInfo(folder).EnumerateFiles(PredictionLogSchema.FileGlob).Where(f => f.LastWriteTimeUtc >= since).ToList();
        Aggregate(recent.Where(f => !files.ContainsKey(f.FullName)).Select(f => f.FullName).ToList());
        foreach (var gone in files.Keys.Except(recent.Select(f => f.FullName), StringComparer.Ordinal))
        {
            files.TryRemove(gone, out _);
        }

        var histogram = ScoreHistogram.Empty;
        var used = 0;
        foreach (var file in recent)
        {
            if (files.TryGetValue(file.FullName, out var bins) && bins.For(day, model, version) is { } scores)
            {
                histogram = histogram.Plus(scores);
                used++;
            }
        }

        return (histogram, used);
    }

    private void Aggregate(List<string> paths)
    {
        if (paths.Count == 0)
        {
            return;
        }

        lock (reading)
        {
            paths = [.. paths.Where(p => !files.ContainsKey(p))];
            if (paths.Count == 0)
            {
                return;
            }

            using var db = DuckDb.Open(Path.Combine(Path.GetTempPath(), "clickpredict-dashboard"), memoryLimit: "512MB");
            Dictionary<string, FileBins> found;
            try
            {
                found = Read(db, paths);
            }
            catch (DuckDBException) when (paths.Count > 1)
            {
                // One bad file fails the whole query; read them one by one to find it and keep the rest.
                found = paths.SelectMany(p => TryRead(db, p)).ToDictionary(StringComparer.Ordinal);
            }
            catch (DuckDBException)
            {
                found = TryRead(db, paths[0]).ToDictionary(StringComparer.Ordinal);
            }

            foreach (var (path, bins) in found)
            {
                if (bins.Skipped > 0)
                {
                    log.LogWarning("Prediction log file {File}: skipped {Rows} rows whose probability is not a number in [0, 1]", Path.GetFileName(path), bins.Skipped);
                }

                files[path] = bins;
            }
        }
    }

    private static Dictionary<string, FileBins> Read(DuckDBConnection db, List<string> paths)
    {
        using var reader = db.Query(Sql, ("files", paths.ToArray()));
        var found = paths.ToDictionary(p => p, _ => new FileBins(), StringComparer.Ordinal);
        while (reader.Read())
        {
            var bins = found[Path.GetFullPath(reader.GetString(0))];
            bins.Add(DateOnly.FromDayNumber(Epoch + (int)reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt64(5));
        }

        return found;
    }

    private IEnumerable<KeyValuePair<string, FileBins>> TryRead(DuckDBConnection db, string path)
    {
        try
        {
            return Read(db, [path]);
        }
        catch (DuckDBException e)
        {
            log.LogWarning("Prediction log file {File} cannot be read and is skipped: {Reason}", Path.GetFileName(path), e.Message);
            return [KeyValuePair.Create(path, new FileBins { Unreadable = true })];
        }
    }

    /// <summary>One file's bins by (day, model, version).</summary>
    private sealed class FileBins
    {
        private readonly Dictionary<(DateOnly, string, int), long[]> groups = [];

        public long Skipped { get; private set; }

        public bool Unreadable { get; init; }

        public void Add(DateOnly day, string model, int version, int bin, long count)
        {
            if (bin < 0)
            {
                Skipped += count;
                return;
            }

            if (!groups.TryGetValue((day, model, version), out var counts))
            {
                groups[(day, model, version)] = counts = new long[ScoreHistogram.Bins];
            }

            counts[bin] += count;
        }

        public ScoreHistogram? For(DateOnly day, string model, int version) =>
            groups.TryGetValue((day, model, version), out var counts) ? new ScoreHistogram(counts) : null;
    }
}
