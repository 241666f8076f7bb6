using System.Threading.Channels;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Monitoring;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.PredictionLog;

/// <summary>
/// The asynchronous, bounded prediction log. Requests hand rows over with <see cref="TryAppend"/>,
/// which never waits: when the queue is full the row is dropped and counted. One background loop
/// buffers rows into row groups and rotates files by size and age; on shutdown it finishes the
/// current file.
/// </summary>
internal sealed class PredictionLogWriter(IOptions<PredictionLogOptions> options, ServingMetrics metrics, ILogger<PredictionLogWriter> log) : BackgroundService
{
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
        try
        {
            while (true)
            {
                var due = file is null && buffer.Count == 0 ? Timeout.InfiniteTimeSpan : Due(file);
                var more = await WaitAsync(due, stoppingToken);
                while (buffer.Count < settings.RowsPerGroup && queue.Reader.TryRead(out var row))
                {
                    firstBuffered = buffer.Count == 0 ? DateTime.UtcNow : firstBuffered;
                    buffer.Add(row);
                }

                if (buffer.Count >= settings.RowsPerGroup || (buffer.Count > 0 && (!more || DateTime.UtcNow - firstBuffered >= FlushAfter)))
                {
                    file ??= await PredictionLogFile.CreateAsync(settings.Folder!, CancellationToken.None);
                    await file.WriteAsync(buffer, CancellationToken.None);
                    metrics.PredictionLogWritten(buffer.Count);
                    buffer.Clear();
                }

                if (file is not null && (file.Rows >= settings.RowsPerFile || DateTime.UtcNow - file.OpenedAt >= settings.MaxFileAge || stoppingToken.IsCancellationRequested))
                {
                    log.LogInformation("Prediction log file finished: {Path} ({Rows} rows)", await file.FinishAsync(), file.Rows);
                    file = null;
                }

                if (stoppingToken.IsCancellationRequested && buffer.Count == 0 && !queue.Reader.TryPeek(out _))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "The prediction log stopped: {Reason}; rows from now on are dropped and counted", e.Message);
            queue.Writer.TryComplete();
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }

    /// <summary>Waits for rows or until <paramref name="due"/>; false when the wait timed out or the host is stopping.</summary>
    private async Task<bool> WaitAsync(TimeSpan due, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (due != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(due);
        }

        try
        {
            return await queue.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A partial row group is written after a second; a file is finished at its age limit.</summary>
    private TimeSpan Due(PredictionLogFile? file)
    {
        var flush = FlushAfter;
        if (file is null)
        {
            return flush;
        }

        var age = settings.MaxFileAge - (DateTime.UtcNow - file.OpenedAt);
        return age < flush ? (age < TimeSpan.Zero ? TimeSpan.Zero : age) : flush;
    }

    private void RemoveUnfinished()
    {
        if (!Directory.Exists(settings.Folder))
        {
            return;
        }

        // Only files too old to belong to a live writer: a writer finishes every file within MaxFileAge.
        var before = DateTime.UtcNow - settings.MaxFileAge - TimeSpan.FromMinutes(1);
        foreach (var leftover in Directory.EnumerateFiles(settings.Folder, ".predictions-*.parquet.tmp").Where(f => File.GetLastWriteTimeUtc(f) < before))
        {
            log.LogWarning("Removing {Path}, a prediction log file an earlier run did not finish", leftover);
            File.Delete(leftover);
        }
    }
}
