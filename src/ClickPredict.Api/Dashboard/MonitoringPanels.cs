using ClickPredict.Api.Configuration;
using ClickPredict.Monitoring;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Dashboard;

/// <summary>One feature's (or the score's) drift between the reference and the current window.</summary>
internal sealed record DriftRow(string Feature, double Psi, string Distance, double DistanceValue, bool Drifted);

/// <summary>What <c>clickpredict drift</c> last reported: per-feature drift, score PSI, the share of drifted features and a verdict.</summary>
internal sealed record DriftReport(
    DateTimeOffset ComputedAt, string Reference, string Current, IReadOnlyList<DriftRow> Features, double ScorePsi, double DriftedShare, string Verdict);

/// <summary>One ingest and its quality, as <c>clickpredict quality</c> lists it.</summary>
internal sealed record IngestQuality(
    string Source, DateTimeOffset IngestedAt, long RowsRead, long RowsAccepted, long RowsQuarantined, double DuplicateRate, double? RowCountChange,
    IReadOnlyList<string> Alerts);

/// <summary>The drift table and the recent ingests; null parts are "not computed yet".</summary>
internal sealed record MonitoringSnapshot(DriftReport? Drift, IReadOnlyList<IngestQuality>? Ingests)
{
    public static MonitoringSnapshot NotComputed { get; } = new(null, null);
}

/// <summary>
/// The dashboard's window on data quality and drift: the latest report <c>clickpredict drift</c>
/// saved in the lake, and the quality records of the most recent ingests. Both are small JSON files,
/// read on each render.
/// </summary>
internal sealed class MonitoringPanels(IOptions<ServingOptions> serving)
{
    private const int RecentIngests = 8;

    public MonitoringSnapshot Load()
    {
        var lake = new Lake(serving.Value.LakeFolder);
        try
        {
            var drift = JsonManifest.Read<ClickPredict.Monitoring.DriftReport>(lake.LatestDriftPath, "run `clickpredict drift` again");
            var ingests = QualityLog.Recent(lake, RecentIngests);
            return new MonitoringSnapshot(drift is null ? null : View(drift), ingests.Count == 0 ? null : [.. ingests.Select(View)]);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return MonitoringSnapshot.NotComputed;
        }
    }

    private static DriftReport View(ClickPredict.Monitoring.DriftReport r) =>
        new(r.ComputedAt, $"{r.Reference.Description} ({r.Reference.Rows:N0} rows)", $"{r.Current.Description} ({r.Current.Rows:N0} rows)",
            [.. r.Features.Select(f => new DriftRow(f.Feature, f.Psi, f.Method, f.Distance, f.Status == DriftStatus.Drift))],
            r.ScorePsi ?? double.NaN, r.DriftedFeatureShare, r.Verdict.ToString().ToLowerInvariant());

    private static IngestQuality View(ClickPredict.Monitoring.IngestQuality q) =>
        new(q.Source, q.At, q.Rows.Read, q.Rows.Accepted, q.Rows.Quarantined, q.DuplicateRate, q.RowCountChange,
            [.. q.Alerts.Select(a => a.Message)]);
}
