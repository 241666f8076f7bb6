namespace ClickPredict.Api.Dashboard;

/// <summary>One feature's (or the score's) drift between the reference and the current window.</summary>
internal sealed record DriftRow(string Feature, double Psi, string Distance, double DistanceValue, bool Drifted);

/// <summary>What <c>clickpredict drift --json</c> reports: per-feature drift, score PSI, the share of drifted features and a verdict.</summary>
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
/// The dashboard's window on data quality and drift (issue 7, points 1–2), built on another branch.
/// Until it is merged the page shows "not computed yet" with the commands that compute them.
/// </summary>
internal sealed class MonitoringPanels
{
    /// <summary>
    /// MERGE POINT: read the latest <c>clickpredict drift --json</c> result and the recent ingests with
    /// their quality from the lake, and return them; the page renders whatever is not null.
    /// </summary>
    public MonitoringSnapshot Load() => MonitoringSnapshot.NotComputed;
}
