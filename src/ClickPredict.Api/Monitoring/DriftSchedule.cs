using ClickPredict.Api.Configuration;
using ClickPredict.Api.Health;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Monitoring;

/// <summary>
/// Recomputes drift of the prediction log every Drift:Interval, the first time Drift:FirstRunAfter
/// after start-up; a run finds nothing to do until the log has a finished file. A failed run is
/// logged, counted and shown by GET /health, and the next one tries again: monitoring never stops the API.
/// </summary>
internal sealed class DriftSchedule(LatestDrift drift, IOptions<DriftOptions> options, BackgroundHealth health, ILogger<DriftSchedule> log) : BackgroundService
{
    public const string Job = "scheduled drift";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            await Task.Delay(settings.FirstRunAfter, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Run(stoppingToken);
                await Task.Delay(settings.Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }

    private async Task Run(CancellationToken stopping)
    {
        if (!drift.HasLog)
        {
            log.LogDebug("No finished prediction log file yet; drift waits for the next run");
            return;
        }

        try
        {
            await drift.ComputeAsync(stopping);
            health.Succeeded(Job);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // LatestDrift has logged and counted it; GET /health shows it until the next run succeeds.
            health.Failed(Job, drift.LastFailure?.Reason ?? "see the server log");
        }
    }
}
