using ClickPredict.Storage;
using Parquet;
using Parquet.Schema;

namespace ClickPredict.Features;

/// <summary>
/// Writes gold examples to one Parquet file in Snappy row groups: keys, label and every catalog
/// feature in catalog order, with the types DuckDB's COPY gave them (VARCHAR, INTEGER, TIMESTAMP,
/// BOOLEAN, DOUBLE). Rows fill one buffer while the previous one is encoded on another thread
/// (encoding costs as much as computing the features). A NaN or infinite feature stops the write:
/// nothing is committed.
/// </summary>
internal sealed class ExamplesWriter : IDisposable
{
    public const int RowGroupRows = 1 << 18;

    private static readonly DataField SessionKey = new DataField<string>("session_key", false);
    private static readonly DataField CutK = new DataField<int>("cut_k");
    private static readonly DataField UserId = new DataField<string>("user_id", false);
    private static readonly DataField SessionStart = Timestamp("session_start");
    private static readonly DataField CutTime = Timestamp("cut_time");
    private static readonly DataField Label = new DataField<bool>("label");
    private static readonly DataField[] FeatureFields = [.. FeatureCatalog.Names.Select(n => new DataField<double>(n))];
    private static readonly ParquetSchema Schema = new([SessionKey, CutK, UserId, SessionStart, CutTime, Label, .. FeatureFields]);

    private readonly ParquetWriter writer;
    private RowGroup filling = new();
    private RowGroup spare = new();
    private Task encoding = Task.CompletedTask;
    private string? lastKey;
    private bool disposed;

    public ExamplesWriter(Stream output, IReadOnlyDictionary<string, string> metadata)
    {
        writer = ParquetWriter.CreateAsync(Schema, output, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).GetAwaiter().GetResult();
        writer.CustomMetadata = metadata.ToDictionary();
    }

    public long Rows { get; private set; }

    public long Positives { get; private set; }

    /// <summary>Sessions with at least one example (a session's examples are added together).</summary>
    public long Sessions { get; private set; }

    /// <summary>
    /// A TIMESTAMP column, as INT96 (read as TIMESTAMP by DuckDB, Spark and Trino, to the microsecond):
    /// Parquet.Net 6.1 writes the statistics of INT64 micros timestamps in milliseconds (its issue 769),
    /// and DuckDB trusts them to compress sort keys, so sorting such a file returned wrong times.
    /// </summary>
    public static DataField Timestamp(string name) => new DateTimeDataField(name, DateTimeFormat.Impala, isNullable: false);

    public void Add(string sessionKey, int cutK, string userId, long startMicros, long cutMicros, bool label, ReadOnlySpan<double> values)
    {
        filling.Reserve();
        var row = filling.Count;
        for (var f = 0; f < values.Length; f++)
        {
            if (!double.IsFinite(values[f]))
            {
                throw new FeaturesException(
                    $"Feature {FeatureCatalog.Names[f]} of session {sessionKey} at cut {cutK} is {values[f]}: a feature definition lacks its sentinel. Nothing was committed.");
            }

            filling.Features[f][row] = values[f];
        }

        if (!ReferenceEquals(sessionKey, lastKey))
        {
            Sessions++;
            lastKey = sessionKey;
        }

        filling.SessionKeys[row] = sessionKey.AsMemory();
        filling.Cuts[row] = cutK;
        filling.UserIds[row] = userId.AsMemory();
        filling.Starts[row] = EpochMicros.ToTime(startMicros);
        filling.CutTimes[row] = EpochMicros.ToTime(cutMicros);
        filling.Labels[row] = label;
        Rows++;
        Positives += label ? 1 : 0;
        if (++filling.Count == RowGroupRows)
        {
            Flush();
        }
    }

    /// <summary>Writes what is buffered and the footer; idempotent, so the counts can be read after it.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            // The last rows are encoded on this thread: no second thread to wait for (a pool thread
            // blocking on another pool task can starve a 2-core pool).
            encoding.GetAwaiter().GetResult();
            if (filling.Count > 0)
            {
                Encode(filling);
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Hands the filled buffer to the encoder once it has finished the previous one, and fills the other.</summary>
    private void Flush()
    {
        encoding.GetAwaiter().GetResult();
        if (filling.Count == 0)
        {
            return;
        }

        var full = filling;
        filling = spare;
        spare = full;
        encoding = Task.Run(() => Encode(full));
    }

    private void Encode(RowGroup rows)
    {
        using (var group = writer.CreateRowGroup())
        {
            Write(group, SessionKey, rows.SessionKeys, rows.Count);
            Write(group, CutK, rows.Cuts, rows.Count);
            Write(group, UserId, rows.UserIds, rows.Count);
            Write(group, SessionStart, rows.Starts, rows.Count);
            Write(group, CutTime, rows.CutTimes, rows.Count);
            Write(group, Label, rows.Labels, rows.Count);
            for (var f = 0; f < FeatureFields.Length; f++)
            {
                Write(group, FeatureFields[f], rows.Features[f], rows.Count);
            }

            group.CompleteValidate();
        }

        rows.Count = 0;
    }

    private static void Write<T>(ParquetRowGroupWriter group, DataField field, T[] values, int count)
        where T : struct =>
        group.WriteAsync<T>(field, values.AsMemory(0, count)).GetAwaiter().GetResult();

    /// <summary>
    /// One row group's columns. They start small and double up to <see cref="RowGroupRows"/>: a
    /// date's file often holds a few thousand rows, and full-size buffers per file cost more than the rows.
    /// </summary>
    private sealed class RowGroup
    {
        private const int InitialRows = 1 << 12;

        public ReadOnlyMemory<char>[] SessionKeys { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

        public int[] Cuts { get; private set; } = new int[InitialRows];

        public ReadOnlyMemory<char>[] UserIds { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

        public DateTime[] Starts { get; private set; } = new DateTime[InitialRows];

        public DateTime[] CutTimes { get; private set; } = new DateTime[InitialRows];

        public bool[] Labels { get; private set; } = new bool[InitialRows];

        public double[][] Features { get; } = [.. FeatureFields.Select(_ => new double[InitialRows])];

        public int Count { get; set; }

        /// <summary>Makes room for one more row.</summary>
        public void Reserve()
        {
            if (Count < Cuts.Length)
            {
                return;
            }

            var size = Math.Min(Cuts.Length * 2, RowGroupRows);
            SessionKeys = Grow(SessionKeys, size);
            Cuts = Grow(Cuts, size);
            UserIds = Grow(UserIds, size);
            Starts = Grow(Starts, size);
            CutTimes = Grow(CutTimes, size);
            Labels = Grow(Labels, size);
            for (var f = 0; f < Features.Length; f++)
            {
                Features[f] = Grow(Features[f], size);
            }
        }

        private static T[] Grow<T>(T[] values, int size)
        {
            Array.Resize(ref values, size);
            return values;
        }
    }
}
