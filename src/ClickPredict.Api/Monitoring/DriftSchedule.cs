using ClickPredict.Api.Configuration;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Monitoring;

/// <summary>
/// Recomputes drift of the prediction log every Drift:Interval, the first time Drift:FirstRunAfter
/// after start-up; a run finds nothing to do until the log has a finished file. A failed run is
/// logged and counted and the next one tries again: monitoring never stops the API.
/// </summary>
internal sealed class DriftSchedule(LatestDrift drift, IOptions<DriftOptions> options, ILogger<DriftSchedule> log) : BackgroundService
{
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
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // LatestDrift has logged and counted it; the next run tries again.
        }
    }
}
