using ClickPredict.Storage;

namespace ClickPredict.Events.Quality;

/// <summary>
/// The lake's per-ingest quality records, one JSON file each under <c>quality/</c>, ordered by start
/// time (ids carry only whole seconds, so two ingests in one second need the recorded time).
/// </summary>
internal static class QualityLog
{
    private const string Prefix = "ingest-";

    public static string PathOf(Lake lake, string ingestId) => Path.Combine(lake.Quality, $"{Prefix}{ingestId}.json");

    public static void Write(Lake lake, IngestQuality quality) => JsonManifest.Write(PathOf(lake, quality.IngestId), quality, ManifestJson.Default.IngestQuality);

    /// <summary>The most recent <paramref name="count"/> records, newest first: what the dashboard and <c>clickpredict quality</c> show.</summary>
    public static IReadOnlyList<IngestQuality> Recent(Lake lake, int count = 20) =>
        [.. All(lake).Take(count)];

    /// <summary>One ingest's record, or null when it has none (nothing was read, or it predates quality records).</summary>
    public static IngestQuality? Find(Lake lake, string ingestId) =>
        ingestId.IndexOfAny(['/', '\\', '.']) < 0 && File.Exists(PathOf(lake, ingestId)) ? Read(PathOf(lake, ingestId)) : null;

    /// <summary>The latest committed ingest of <paramref name="source"/>, to compare a new ingest with.</summary>
    public static IngestQuality? PreviousCommitted(Lake lake, string source) =>
        All(lake).FirstOrDefault(q => q.Status == "committed" && string.Equals(q.Source, source, StringComparison.Ordinal));

    private static IEnumerable<IngestQuality> All(Lake lake) =>
        Directory.Exists(lake.Quality)
            ? Directory.EnumerateFiles(lake.Quality, Prefix + "*.json").Select(Read).OrderByDescending(q => q.At).ThenByDescending(q => q.IngestId, StringComparer.Ordinal)
            : [];

    private static IngestQuality Read(string path) =>
        JsonManifest.Read(path, ManifestJson.Default.IngestQuality, "delete it; only the quality history of that ingest is lost")
            ?? throw new FileNotFoundException($"{path} disappeared while being read.", path);
}
