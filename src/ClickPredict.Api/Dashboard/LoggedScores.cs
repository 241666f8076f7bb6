using System.Collections.Concurrent;
using ClickPredict.Api.Configuration;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Dashboard;

/// <summary>
/// Score histograms of one UTC day from the prediction log's finished files. A finished file never
/// changes, so each is aggregated by DuckDB once and its bins are kept; a render only reads the files
/// finished since the last one, which keeps the page fast over a log of millions of rows.
/// </summary>
internal sealed class LoggedScores(IOptions<PredictionLogOptions> options)
{
    private static readonly string Sql = DashboardSql.Read("score_histogram.sql");
    private static readonly int Epoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private readonly string? folder = options.Value.Enabled ? Path.GetFullPath(options.Value.Folder!) : null;
    private readonly ConcurrentDictionary<string, FileBins> files = new(StringComparer.Ordinal);
    private readonly Lock reading = new();

    public string? Folder => folder;

    /// <summary>Scores of <paramref name="model"/> v<paramref name="version"/> logged on <paramref name="day"/> (UTC), and how many files they came from.</summary>
    public (ScoreHistogram Scores, int Files) Day(DateOnly day, string model, int version)
    {
        if (folder is null || !Directory.Exists(folder))
        {
            return (ScoreHistogram.Empty, 0);
        }

        // A file finished before the day began holds no row of it; the writer renames a file into place when it finishes.
        var since = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var recent = new DirectoryInfo(folder).EnumerateFiles("predictions-*.parquet").Where(f => f.LastWriteTimeUtc >= since).ToList();
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
            using var reader = db.Query(Sql, ("files", paths.ToArray()));
            var found = paths.ToDictionary(p => p, _ => new FileBins(), StringComparer.Ordinal);
            while (reader.Read())
            {
                var bins = found[Path.GetFullPath(reader.GetString(0))];
                bins.Add(DateOnly.FromDayNumber(Epoch + (int)reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt64(5));
            }

            foreach (var (path, bins) in found)
            {
                files[path] = bins;
            }
        }
    }

    /// <summary>One file's bins by (day, model, version).</summary>
    private sealed class FileBins
    {
        private readonly Dictionary<(DateOnly, string, int), long[]> groups = [];

        public void Add(DateOnly day, string model, int version, int bin, long count)
        {
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
