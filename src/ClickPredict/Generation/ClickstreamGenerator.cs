using System.Threading.Channels;

namespace ClickPredict.Generation;

/// <summary>
/// Writes a synthetic clickstream to <c>events.csv</c> or <c>events.parquet</c>. One thread simulates,
/// the caller's thread formats and writes; batches pass between them in order, so the output depends
/// only on the options.
/// </summary>
internal static class ClickstreamGenerator
{
    public const string CsvFileName = "events.csv";
    public const string ParquetFileName = "events.parquet";

    private const int BufferCount = 3;

    public static GeneratorSummary Write(
        GeneratorOptions options, string outputDirectory, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        WriteAsync(options, outputDirectory, progress, cancellationToken).GetAwaiter().GetResult();

    public static async Task<GeneratorSummary> WriteAsync(
        GeneratorOptions options, string outputDirectory, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        options.Validate();
        Directory.CreateDirectory(outputDirectory);

        var fileName = options.Format == GeneratedFormat.Parquet ? ParquetFileName : CsvFileName;
        var finalPath = Path.GetFullPath(Path.Combine(outputDirectory, fileName));
        // A crash leaves at most this temp file behind, never a truncated events file.
        var tempPath = $"{finalPath}.{Environment.ProcessId}.tmp";
        var simulation = new ClickstreamSimulation(options);
        var tally = new GenerationTally();
        var batchSize = options.Format == GeneratedFormat.Parquet ? 1 << 20 : 1 << 18;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var filled = Channel.CreateBounded<ArraySegment<GeneratedEvent>>(BufferCount);
        var free = Channel.CreateUnbounded<GeneratedEvent[]>();
        for (var i = 0; i < BufferCount; i++)
        {
            free.Writer.TryWrite(new GeneratedEvent[(int)Math.Min(batchSize, options.Events)]);
        }

        var producer = Task.Run(() => ProduceAsync(simulation, tally, filled.Writer, free.Reader, stop.Token), stop.Token);
        var completed = false;
        try
        {
            await using (var stream = new FileStream(
                tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.SequentialScan))
            {
                await WriteBatchesAsync(options.Format, stream, simulation.Catalog, filled.Reader, free.Writer, progress, stop.Token);
            }

            await producer;
            File.Move(tempPath, finalPath, overwrite: true);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                await stop.CancelAsync();
                await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                File.Delete(tempPath);
            }
        }

        return tally.ToSummary([finalPath]);
    }

    private static async Task ProduceAsync(
        ClickstreamSimulation simulation,
        GenerationTally tally,
        ChannelWriter<ArraySegment<GeneratedEvent>> filled,
        ChannelReader<GeneratedEvent[]> free,
        CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var buffer = await free.ReadAsync(cancellationToken);
                var count = simulation.Fill(buffer);
                if (count == 0)
                {
                    break;
                }

                tally.Add(buffer.AsSpan(0, count));
                await filled.WriteAsync(new ArraySegment<GeneratedEvent>(buffer, 0, count), cancellationToken);
            }

            filled.Complete();
        }
        catch (Exception ex)
        {
            filled.Complete(ex);
            throw;
        }
    }

    private static async Task WriteBatchesAsync(
        GeneratedFormat format,
        Stream stream,
        Catalog catalog,
        ChannelReader<ArraySegment<GeneratedEvent>> filled,
        ChannelWriter<GeneratedEvent[]> free,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        long written = 0;
        if (format == GeneratedFormat.Parquet)
        {
            await using var parquet = await ParquetEventWriter.CreateAsync(stream, catalog, cancellationToken);
            await foreach (var batch in filled.ReadAllAsync(cancellationToken))
            {
                await parquet.WriteRowGroupAsync(batch.AsMemory(), cancellationToken);
                free.TryWrite(batch.Array!);
                progress?.Report(written += batch.Count);
            }

            return;
        }

        var csv = new CsvEventWriter(stream, catalog);
        await foreach (var batch in filled.ReadAllAsync(cancellationToken))
        {
            csv.Write(batch.AsSpan());
            free.TryWrite(batch.Array!);
            progress?.Report(written += batch.Count);
        }

        csv.Flush();
    }
}
