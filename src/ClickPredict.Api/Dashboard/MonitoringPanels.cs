using ClickPredict.Api.Configuration;
using ClickPredict.Events.Quality;
using ClickPredict.Monitoring;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Dashboard;

/// <summary>The latest drift report and the recent ingests' quality records, as the lake holds them; null parts are "not computed yet".</summary>
internal sealed record MonitoringSnapshot(DriftReport? Drift, IReadOnlyList<IngestQuality>? Ingests)
{
    public static MonitoringSnapshot NotComputed { get; } = new(null, null);
}

/// <summary>
/// The dashboard's window on data quality and drift: the latest drift report (<see cref="DriftLog"/>) and the
/// quality records of the most recent ingests (<see cref="QualityLog"/>). Both are small JSON files, read on each render.
/// </summary>
internal sealed class MonitoringPanels(IOptions<ServingOptions> serving)
{
    private const int RecentIngests = 8;

    public MonitoringSnapshot Load()
    {
        var lake = new Lake(serving.Value.LakeFolder);
        try
        {
            var ingests = QualityLog.Recent(lake, RecentIngests);
            return new MonitoringSnapshot(DriftLog.Latest(lake), ingests.Count == 0 ? null : ingests);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return MonitoringSnapshot.NotComputed;
        }
    }
}
