using ClickPredict.Api.Configuration;
using ClickPredict.Api.Health;
using ClickPredict.Api.Serving;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.LiveEvents;

/// <summary>
/// Every Live:FlushEvery, moves the live events of finished sessions into the lake's bronze
/// (<see cref="LiveState.Flush"/>). While another command holds the lake it waits for the next turn;
/// a failure is logged and shown by GET /health until a later run succeeds. The events stay in the
/// live log (or Redis) until they are in bronze, so a failed or skipped turn loses nothing.
/// </summary>
internal sealed class LiveFlushSchedule(
    LiveState live, ModelHost host, IOptions<LiveOptions> options, TimeProvider clock, BackgroundHealth health, ILogger<LiveFlushSchedule> log) : BackgroundService
{
    public const string Job = "live events to bronze";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(settings.FlushEvery, clock, stoppingToken);
                await Task.Run(Run, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }

    private void Run()
    {
        if (host.Current is not { } state)
        {
            return;
        }

        try
        {
            var flushed = live.Flush(state.Snapshot, clock.GetUtcNow());
            health.Succeeded(Job);
            if (flushed.Ingest is { } ingest)
            {
                var rows = ingest.Files.Aggregate(RowCounts.None, (sum, file) => sum.Plus(file.Rows));
                log.LogInformation(
                    "Moved {Events} live event(s) of finished sessions into bronze (ingest {IngestId}: {Accepted} accepted, {Duplicates} duplicates, {Quarantined} quarantined); {Held} held back",
                    flushed.Flushed, ingest.IngestId, rows.Accepted, rows.Duplicates, rows.Quarantined, flushed.Held);
            }
        }
        catch (LakeBusyException)
        {
            log.LogInformation("The lake is busy; live events go to bronze at the next turn");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Moving live events into bronze failed; they stay in the live log and the next turn tries again");
            health.Failed(Job, e.Message);
        }
    }
}
