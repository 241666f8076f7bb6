using Parquet;
using Parquet.Schema;

namespace ClickPredict.Storage;

/// <summary>
/// A Parquet file written a row group at a time: each group is encoded on a pool thread while its
/// writer fills the next, one group at a time so they stay in order. Gold's examples and silver are
/// written through it.
/// </summary>
internal sealed class RowGroupEncoder : IDisposable
{
    private readonly ParquetWriter writer;
    private Task encoding = Task.CompletedTask;
    private bool closed;

    public RowGroupEncoder(Stream output, ParquetSchema schema, ParquetOptions options, IReadOnlyDictionary<string, string>? metadata = null)
    {
        writer = ParquetWriter.CreateAsync(schema, new SynchronousStream(output), options).GetAwaiter().GetResult();
        if (metadata is not null)
        {
            writer.CustomMetadata = metadata.ToDictionary();
        }
    }

    /// <summary>
    /// A TIMESTAMP column, as INT96 (read as TIMESTAMP by DuckDB, Spark and Trino, to the microsecond):
    /// Parquet.Net 6.1 writes the statistics of INT64 micros timestamps in milliseconds (its issue 769),
    /// and DuckDB trusts them: sorting such a file returned wrong times, and a filter on time skipped
    /// row groups it needed.
    /// </summary>
    public static DataField Timestamp(string name, bool nullable = false) => new DateTimeDataField(name, DateTimeFormat.Impala, isNullable: nullable);

    /// <summary>The first <paramref name="count"/> values as the group's next column.</summary>
    public static void Write<T>(ParquetRowGroupWriter group, DataField field, T[] values, int count)
        where T : struct =>
        group.WriteAsync<T>(field, values.AsMemory(0, count)).GetAwaiter().GetResult();

    /// <summary>The first <paramref name="count"/> values, NULL where they have none, as the group's next column.</summary>
    public static void Write<T>(ParquetRowGroupWriter group, DataField field, T?[] values, int count)
        where T : struct =>
        group.WriteAsync<T>(field, (ReadOnlyMemory<T?>)values.AsMemory(0, count)).GetAwaiter().GetResult();

    /// <summary>Waits for the group being encoded: after it, that group's buffers are free again.</summary>
    public void Wait() => encoding.GetAwaiter().GetResult();

    /// <summary>Waits for the group being encoded, then encodes the next (<paramref name="columns"/> writes its columns) on a pool thread.</summary>
    public void Encode(Action<ParquetRowGroupWriter> columns)
    {
        Wait();
        encoding = Task.Run(() => WriteGroup(columns));
    }

    /// <summary>
    /// Encodes the last group, if any, on this thread (no second thread to wait for: a pool thread
    /// blocking on another pool task can starve a 2-core pool), then writes the footer.
    /// </summary>
    public void Close(Action<ParquetRowGroupWriter>? last)
    {
        if (closed)
        {
            return;
        }

        closed = true;
        try
        {
            Wait();
            if (last is not null)
            {
                WriteGroup(last);
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public void Dispose() => Close(null);

    private void WriteGroup(Action<ParquetRowGroupWriter> columns)
    {
        using var group = writer.CreateRowGroup();
        columns(group);
        group.CompleteValidate();
    }
}
