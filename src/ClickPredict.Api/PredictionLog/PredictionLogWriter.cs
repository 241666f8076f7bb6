using System.Threading.Channels;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Monitoring;
using ClickPredict.Monitoring;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.PredictionLog;

/// <summary>
/// The asynchronous, bounded prediction log. Requests hand rows over with <see cref="TryAppend"/>,
/// which never waits: when the queue is full the row is dropped and counted. One background loop
/// drains the queue five times a second, writes a row group per RowsPerGroup rows (or after a second),
/// and rotates files by size and age; on shutdown it finishes the current file.
/// </summary>
internal sealed class PredictionLogWriter(IOptions<PredictionLogOptions> options, ServingMetrics metrics, ILogger<PredictionLogWriter> log) : BackgroundService
{
    private static readonly TimeSpan DrainEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FlushAfter = TimeSpan.FromSeconds(1);
    private readonly PredictionLogOptions settings = options.Value;
    private readonly Channel<PredictionRecord> queue = Channel.CreateBounded<PredictionRecord>(
        new BoundedChannelOptions(options.Value.Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void TryAppend(PredictionRecord record)
    {
        if (!settings.Enabled)
        {
            return;
        }

        if (!queue.Writer.TryWrite(record))
        {
            metrics.PredictionLogDropped();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        RemoveUnfinished();
        var buffer = new List<PredictionRecord>(settings.RowsPerGroup);
        PredictionLogFile? file = null;
        var firstBuffered = DateTime.MaxValue;
        // Drained on a timer, not woken per row: a wake-up per request cost a context switch per request.
        using var timer = new PeriodicTimer(DrainEvery);
        try
        {
            var running = true;
            while (running)
            {
                running = await Tick(timer, stoppingToken);
                while (queue.Reader.TryRead(out var row))
                {
                    firstBuffered = buffer.Count == 0 ? DateTime.UtcNow : firstBuffered;
                    buffer.Add(row);
                    if (buffer.Count >= settings.RowsPerGroup)
                    {
                        file = await Write(file, buffer);
                    }
                }

                if (buffer.Count > 0 && (!running || DateTime.UtcNow - firstBuffered >= FlushAfter))
                {
                    file = await Write(file, buffer);
                }

                if (file is not null && (!running || file.Rows >= settings.RowsPerFile || DateTime.UtcNow - file.OpenedAt >= settings.MaxFileAge))
                {
                    log.LogInformation("Prediction log file finished: {Path} ({Rows} rows)", await file.FinishAsync(), file.Rows);
                    file = null;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "The prediction log stopped: {Reason}; rows from now on are dropped and counted", e.Message);
            queue.Writer.TryComplete();
            // The rows it held are lost too, and counted like every other dropped row.
            var lost = buffer.Count;
            while (queue.Reader.TryRead(out _))
            {
                lost++;
            }

            metrics.PredictionLogDropped(lost);
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }

    /// <summary>Waits for the next drain; false once the host is stopping (one last drain follows).</summary>
    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<PredictionLogFile> Write(PredictionLogFile? file, List<PredictionRecord> buffer)
    {
        file ??= await PredictionLogFile.CreateAsync(settings.Folder!, CancellationToken.None);
        await file.WriteAsync(buffer, CancellationToken.None);
        metrics.PredictionLogWritten(buffer.Count);
        buffer.Clear();
        return file;
    }

    private void RemoveUnfinished()
    {
        if (!Directory.Exists(settings.Folder))
        {
            return;
        }

        // Only files too old to belong to a live writer: a writer finishes every file within MaxFileAge.
        var before = DateTime.UtcNow - settings.MaxFileAge - TimeSpan.FromMinutes(1);
        foreach (var leftover in Directory.EnumerateFiles(settings.Folder, PredictionLogSchema.PartialGlob).Where(f => File.GetLastWriteTimeUtc(f) < before))
        {
            log.LogWarning("Removing {Path}, a prediction log file an earlier run did not finish", leftover);
            File.Delete(leftover);
        }
    }
}
