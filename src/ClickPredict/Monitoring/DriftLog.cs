using ClickPredict.Storage;

namespace ClickPredict.Monitoring;

/// <summary>
/// The lake's latest drift report, <c>monitoring/drift-latest.json</c>: written by <c>clickpredict drift</c>
/// and by the API's drift runs, read by the API, its gauges and the dashboard. Like <see cref="Events.Quality.QualityLog"/>.
/// </summary>
internal static class DriftLog
{
    public static string PathOf(Lake lake) => Path.Combine(lake.Root, "monitoring", "drift-latest.json");

    public static void Write(Lake lake, DriftReport report) => JsonManifest.Write(PathOf(lake), report, ManifestJson.Default.DriftReport);

    /// <summary>The saved report, or null when there is none.</summary>
    public static DriftReport? Latest(Lake lake) => JsonManifest.Read(PathOf(lake), ManifestJson.Default.DriftReport, "run `clickpredict drift` again");

    /// <summary>When the saved report was last written (default when there is none): readers reload only on a change.</summary>
    public static DateTime WrittenAt(Lake lake) => File.Exists(PathOf(lake)) ? File.GetLastWriteTimeUtc(PathOf(lake)) : default;
}
