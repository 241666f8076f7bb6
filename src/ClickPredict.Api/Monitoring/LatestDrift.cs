using ClickPredict.Api.Configuration;
using ClickPredict.Api.Hosting;
using ClickPredict.Api.Serving;
using ClickPredict.Monitoring;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Monitoring;

/// <summary>A drift computation that failed, and why: shown by GET /v1/monitoring/drift while there is no report to serve.</summary>
internal sealed record DriftFailure(DateTimeOffset At, string Reason);

/// <summary>
/// The latest drift report: the one this API computed over its prediction log, or the lake's
/// <c>drift-latest.json</c> when that is newer (<c>clickpredict drift</c> writes it too). A computation
/// saves its report to that same file, which the dashboard reads, and the drift gauges show it.
/// </summary>
internal sealed class LatestDrift
{
    private readonly ModelHost host;
    private readonly Lake lake;
    private readonly string? logFolder;
    private readonly TimeSpan window;
    private readonly ServingMetrics metrics;
    private readonly ILogger<LatestDrift> log;
    private readonly SemaphoreSlim computing = new(1, 1);
    private readonly Lock reading = new();
    private DriftReport? latest;
    private DateTime savedAt;

    public LatestDrift(
        ModelHost host, IOptions<ServingOptions> serving, IOptions<PredictionLogOptions> logOptions, IOptions<DriftOptions> drift, ServingMetrics metrics, ILogger<LatestDrift> log)
    {
        window = drift.Value.Window;
        this.host = host;
        this.metrics = metrics;
        this.log = log;
        lake = new Lake(serving.Value.LakeFolder);
        logFolder = logOptions.Value.Enabled ? Path.GetFullPath(logOptions.Value.Folder!) : null;
        // A scrape shows a report the CLI saved even when nobody has asked the endpoint since.
        metrics.ReadDriftWith(Current);
    }

    public DriftFailure? LastFailure { get; private set; }

    /// <summary>Whether the prediction log has a finished file to compare.</summary>
    public bool HasLog => logFolder is not null && Directory.Exists(logFolder) && Directory.EnumerateFiles(logFolder, PredictionLogSchema.FileGlob).Any();

    /// <summary>The newer of the last computed report and the saved one; null when there is neither.</summary>
    public DriftReport? Current()
    {
        lock (reading)
        {
            var modified = DriftLog.WrittenAt(lake);
            if (modified != savedAt)
            {
                savedAt = modified;
                try
                {
                    if (DriftLog.Latest(lake) is { } saved && saved.ComputedAt > (latest?.ComputedAt ?? default))
                    {
                        Publish(saved);
                    }
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    log.LogWarning("The saved drift report cannot be read, serving the last computed one: {Reason}", e.Message);
                }
            }

            return latest;
        }
    }

    /// <summary>Drift of the prediction log's last <c>Drift:Window</c> against the served champion's training window; one computation at a time.</summary>
    public async Task<DriftReport> ComputeAsync(CancellationToken cancel)
    {
        await computing.WaitAsync(cancel);
        try
        {
            var state = host.Current ?? throw new MonitoringException("No model is loaded, so there is no champion whose training window is the reference.");
            if (!HasLog)
            {
                throw new MonitoringException(logFolder is null
                    ? "The prediction log is off (PredictionLog:Folder is empty), so there is no current window."
                    : $"The prediction log has no finished file yet; files finish after PredictionLog:RowsPerFile rows or MaxFileAge.");
            }

            var request = new DriftRequest
            {
                Model = $"{state.Name}@{state.Champion.Version}",
                CurrentFiles = Path.Combine(logFolder!, PredictionLogSchema.FileGlob),
                CurrentFrom = window > TimeSpan.Zero ? DateTime.UtcNow - window : null,
            };
            var report = await Task.Run(() => DriftMonitor.Run(lake, host.Registry, request), cancel);
            lock (reading)
            {
                DriftLog.Write(lake, report);
                savedAt = DriftLog.WrittenAt(lake);
                Publish(report);
                LastFailure = null;
            }

            log.LogInformation("Drift of {Rows} logged predictions against {Model}: {Verdict}, {Share:P0} of features drifted, score PSI {ScorePsi:F4} ({Seconds:F1} s)",
                report.Current.Rows, report.Model, report.Verdict, report.DriftedFeatureShare, report.ScorePsi, report.Seconds);
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LastFailure = new DriftFailure(DateTimeOffset.UtcNow, Echo.WithoutPaths(e.Message));
            metrics.DriftFailed();
            if (e is MonitoringException)
            {
                log.LogWarning("Drift could not be computed: {Reason}", e.Message);
            }
            else
            {
                log.LogError(e, "Drift could not be computed: {Reason}", e.Message);
            }

            throw;
        }
        finally
        {
            computing.Release();
        }
    }

    private void Publish(DriftReport report)
    {
        latest = report;
        metrics.Drift(report);
    }
}
