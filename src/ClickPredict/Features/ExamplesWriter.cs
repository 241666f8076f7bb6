using System.Collections.Concurrent;
using ClickPredict.Storage;
using Parquet;
using Parquet.Schema;

namespace ClickPredict.Features;

/// <summary>
/// Writes gold examples to one Parquet file in Snappy row groups: keys, label and every catalog
/// feature in catalog order, with the types DuckDB's COPY gave them (VARCHAR, INTEGER, TIMESTAMP,
/// BOOLEAN, DOUBLE). Rows fill one buffer while the previous one is encoded on another thread
/// (encoding costs as much as computing the features); a row's features are copied as one block and
/// turned into columns by the encoder, so the pass computing them pays one copy per row. A NaN or
/// infinite feature stops the write: nothing is committed. Writers of one build share their
/// buffers through a <see cref="Buffers"/>: a build writes one file per date, most smaller than a row
/// group, and growing new buffers for each cost more than encoding them.
/// </summary>
internal sealed class ExamplesWriter : IDisposable
{
    public const int RowGroupRows = 1 << 18;

    private static readonly DataField SessionKey = new DataField<string>("session_key", false);
    private static readonly DataField CutK = new DataField<int>("cut_k");
    private static readonly DataField UserId = new DataField<string>("user_id", false);
    private static readonly DataField SessionStart = RowGroupEncoder.Timestamp("session_start");
    private static readonly DataField CutTime = RowGroupEncoder.Timestamp("cut_time");
    private static readonly DataField Label = new DataField<bool>("label");
    private static readonly DataField[] FeatureFields = [.. FeatureCatalog.Names.Select(n => new DataField<double>(n))];
    private static readonly ParquetSchema Schema = new([SessionKey, CutK, UserId, SessionStart, CutTime, Label, .. FeatureFields]);

    private readonly RowGroupEncoder encoder;
    private readonly Buffers buffers;
    private RowGroup filling;
    private RowGroup spare;
    private ReadOnlyMemory<char> lastKey;
    private bool disposed;

    /// <param name="output">Where the Parquet file goes.</param>
    /// <param name="metadata">The file's key-value metadata.</param>
    /// <param name="shared">Buffers to take from and give back to on disposal; the writer's own when null.</param>
    public ExamplesWriter(Stream output, IReadOnlyDictionary<string, string> metadata, Buffers? shared = null)
    {
        buffers = shared ?? new Buffers();
        filling = buffers.Take();
        spare = buffers.Take();
        encoder = new RowGroupEncoder(output, Schema, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, metadata);
    }

    public long Rows { get; private set; }

    public long Positives { get; private set; }

    /// <summary>Sessions with at least one example (a session's examples are added together).</summary>
    public long Sessions { get; private set; }

    /// <summary>Adds one example; a session's examples come one after the other, with the very same <paramref name="sessionKey"/> memory.</summary>
    /// <param name="sessionKey">The session's key.</param>
    /// <param name="cutK">The cut: events in the prefix.</param>
    /// <param name="userId">The session's user.</param>
    /// <param name="startMicros">The session's start.</param>
    /// <param name="cutMicros">The cut event's time.</param>
    /// <param name="label">Whether the session buys after the cut.</param>
    /// <param name="values">The features, in catalog order.</param>
    public void Add(ReadOnlyMemory<char> sessionKey, int cutK, string userId, long startMicros, long cutMicros, bool label, ReadOnlySpan<double> values)
    {
        filling.Reserve();
        var row = filling.Count;
        values.CopyTo(filling.Features.AsSpan(row * FeatureFields.Length, FeatureFields.Length));

        if (!sessionKey.Equals(lastKey))
        {
            Sessions++;
            lastKey = sessionKey;
        }

        filling.SessionKeys[row] = sessionKey;
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
            var last = filling;
            encoder.Close(last.Count > 0 ? group => Encode(group, last) : null);
        }
        finally
        {
            filling.Count = spare.Count = 0;
            buffers.Return(filling);
            buffers.Return(spare);
        }
    }

    /// <summary>Hands the filled buffer to the encoder once it has finished the previous one, and fills the other.</summary>
    private void Flush()
    {
        encoder.Wait();
        if (filling.Count == 0)
        {
            return;
        }

        var full = filling;
        filling = spare;
        spare = full;
        encoder.Encode(group => Encode(group, full));
    }

    private static void Encode(ParquetRowGroupWriter group, RowGroup rows)
    {
        RowGroupEncoder.Write(group, SessionKey, rows.SessionKeys, rows.Count);
        RowGroupEncoder.Write(group, CutK, rows.Cuts, rows.Count);
        RowGroupEncoder.Write(group, UserId, rows.UserIds, rows.Count);
        RowGroupEncoder.Write(group, SessionStart, rows.Starts, rows.Count);
        RowGroupEncoder.Write(group, CutTime, rows.CutTimes, rows.Count);
        RowGroupEncoder.Write(group, Label, rows.Labels, rows.Count);
        var columns = rows.Columns();
        for (var f = 0; f < FeatureFields.Length; f++)
        {
            RowGroupEncoder.Write(group, FeatureFields[f], columns[f], rows.Count);
        }

        rows.Count = 0;
    }

    /// <summary>
    /// Row groups that writers of one build pass on to each other: a writer takes two, and gives them
    /// back (grown to the size its file needed) when disposed. Thread-safe: a date's writer is
    /// disposed on another thread while the next date's writer starts.
    /// </summary>
    internal sealed class Buffers
    {
        private readonly ConcurrentBag<RowGroup> free = [];

        internal RowGroup Take() => free.TryTake(out var rows) ? rows : new RowGroup();

        internal void Return(RowGroup rows) => free.Add(rows);
    }

    /// <summary>
    /// One row group: the keys column by column, the features row by row (one block per row, as the
    /// pass computes them), turned into columns by <see cref="Columns"/>. They start small
    /// and double up to <see cref="RowGroupRows"/>: a date's file often holds a few thousand rows.
    /// </summary>
    internal sealed class RowGroup
    {
        private const int InitialRows = 1 << 12;

        /// <summary>Rows turned into columns a block at a time, so each block's rows stay in cache.</summary>
        private const int TransposeBlock = 256;

        private double[][] columns = [.. FeatureFields.Select(_ => new double[InitialRows])];

        public ReadOnlyMemory<char>[] SessionKeys { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

        public int[] Cuts { get; private set; } = new int[InitialRows];

        public ReadOnlyMemory<char>[] UserIds { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

        public DateTime[] Starts { get; private set; } = new DateTime[InitialRows];

        public DateTime[] CutTimes { get; private set; } = new DateTime[InitialRows];

        public bool[] Labels { get; private set; } = new bool[InitialRows];

        /// <summary>Row-major: row r's features are at r × the feature count.</summary>
        public double[] Features { get; private set; } = new double[InitialRows * FeatureFields.Length];

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
            Features = Grow(Features, size * FeatureFields.Length);
            columns = [.. FeatureFields.Select(_ => new double[size])];
        }

        /// <summary>The features column by column, in buffers the next call reuses; a NaN or infinite value stops the write.</summary>
        public double[][] Columns()
        {
            var width = FeatureFields.Length;
            for (var block = 0; block < Count; block += TransposeBlock)
            {
                var end = Math.Min(block + TransposeBlock, Count);
                for (var f = 0; f < width; f++)
                {
                    var column = columns[f];
                    for (var row = block; row < end; row++)
                    {
                        column[row] = Features[(row * width) + f];
                    }
                }
            }

            for (var f = 0; f < width; f++)
            {
                var bad = columns[f].AsSpan(0, Count).IndexOfAnyExceptInRange(double.MinValue, double.MaxValue);
                if (bad >= 0)
                {
                    throw new FeaturesException(
                        $"Feature {FeatureCatalog.Names[f]} of session {SessionKeys[bad]} at cut {Cuts[bad]} is {columns[f][bad]}: a feature definition lacks its sentinel. Nothing was committed.");
                }
            }

            return columns;
        }

        private static T[] Grow<T>(T[] values, int size)
        {
            Array.Resize(ref values, size);
            return values;
        }
    }
}
