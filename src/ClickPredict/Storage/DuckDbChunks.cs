using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace ClickPredict.Storage;

/// <summary>
/// A query's result streamed a chunk (up to 2,048 rows) at a time, its columns read in place from
/// DuckDB's vectors through DuckDB.NET's own bindings. <see cref="System.Data.Common.DbDataReader"/> costs about 35 ns per
/// value (a virtual call, a type check and a null check each); reading a vector is a load. Each
/// column's type is checked against what the caller reads it as before the first row. A failing query
/// throws <see cref="InvalidDataException"/> with DuckDB's message.
/// </summary>
/// <remarks>
/// Hand-written over <see cref="NativeMethods"/> because DuckDB.NET's reader has no bulk access; it
/// reads only fixed-width columns and VARCHAR, the layouts the C API documents
/// (<c>duckdb_string_t</c>: a 4-byte length, then the bytes inline up to 12 or a 4-byte prefix and a pointer).
/// </remarks>
internal sealed unsafe class DuckDbChunks : IDisposable
{
    public const int InlineLength = 12;

    private readonly DuckDBPreparedStatement statement;
    private readonly IntPtr[] vectors;
    private readonly IntPtr[] data;
    private DuckDBResult result;
    private DuckDBDataChunk? chunk;
    private bool finished;
    private bool disposed;

    private DuckDbChunks(DuckDBPreparedStatement statement, DuckDBResult result)
    {
        this.statement = statement;
        this.result = result;
        var columns = (int)NativeMethods.Query.DuckDBColumnCount(ref this.result);
        vectors = new IntPtr[columns];
        data = new IntPtr[columns];
    }

    /// <summary>Rows in the current chunk.</summary>
    public int Size { get; private set; }

    /// <summary>
    /// Runs <paramref name="sql"/> (literals only, no parameters) and checks that its columns have the
    /// <paramref name="types"/> given, in order.
    /// </summary>
    public static DuckDbChunks Query(DuckDBConnection connection, string sql, params DuckDBType[] types)
    {
        if (NativeMethods.PreparedStatements.DuckDBPrepare(connection.NativeConnection, sql, out var statement) != DuckDBState.Success)
        {
            var error = NativeMethods.PreparedStatements.DuckDBPrepareError(statement);
            statement.Dispose();
            throw new InvalidDataException($"DuckDB: {error}");
        }

        if (NativeMethods.PreparedStatements.DuckDBExecutePreparedStreaming(statement, out var result) != DuckDBState.Success)
        {
            var error = NativeMethods.Query.DuckDBResultError(ref result);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            statement.Dispose();
            throw new InvalidDataException($"DuckDB: {error}");
        }

        var chunks = new DuckDbChunks(statement, result);
        for (var c = 0; c < types.Length; c++)
        {
            var actual = c < chunks.vectors.Length ? NativeMethods.Query.DuckDBColumnType(ref chunks.result, c) : DuckDBType.Invalid;
            if (actual != types[c])
            {
                chunks.Dispose();
                throw new InvalidOperationException($"Column {c} of the query is {actual}; the reader expects {types[c]}.");
            }
        }

        return chunks;
    }

    /// <summary>Moves to the next chunk; false when the result is exhausted.</summary>
    public bool Next()
    {
        chunk?.Dispose();
        chunk = null;
        Size = 0;
        if (finished)
        {
            return false;
        }

        var next = NativeMethods.StreamingResult.DuckDBStreamFetchChunk(result);
        if (next.IsInvalid)
        {
            next.Dispose();
            finished = true;
            if (NativeMethods.Query.DuckDBResultError(ref result) is { Length: > 0 } error)
            {
                throw new InvalidDataException($"DuckDB: {error}");
            }

            return false;
        }

        chunk = next;
        Size = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(next);
        for (var c = 0; c < vectors.Length; c++)
        {
            vectors[c] = NativeMethods.DataChunks.DuckDBDataChunkGetVector(next, c);
            data[c] = (IntPtr)NativeMethods.Vectors.DuckDBVectorGetData(vectors[c]);
        }

        return Size > 0 || Next();
    }

    /// <summary>An INTEGER column of the current chunk.</summary>
    public ReadOnlySpan<int> Int32s(int column) => new(Data(column), Size);

    /// <summary>A BIGINT column of the current chunk.</summary>
    public ReadOnlySpan<long> Int64s(int column) => new(Data(column), Size);

    /// <summary>A DOUBLE column of the current chunk.</summary>
    public ReadOnlySpan<double> Doubles(int column) => new(Data(column), Size);

    /// <summary>The column's validity mask (bit r of word r / 64 is set when row r is not NULL); empty when no row is NULL.</summary>
    public ReadOnlySpan<ulong> Validity(int column)
    {
        var mask = NativeMethods.Vectors.DuckDBVectorGetValidity(Vector(column));
        return mask is null ? [] : new ReadOnlySpan<ulong>(mask, (Size + 63) / 64);
    }

    public static bool IsValid(ReadOnlySpan<ulong> validity, int row) => validity.IsEmpty || (validity[row >> 6] & (1UL << (row & 63))) != 0;

    /// <summary>The UTF-8 bytes of a VARCHAR column's row; valid until the next chunk.</summary>
    public ReadOnlySpan<byte> Utf8(int column, int row)
    {
        var value = (byte*)Data(column) + (row * 16L);
        var length = *(int*)value;
        return new ReadOnlySpan<byte>(length <= InlineLength ? value + 4 : *(byte**)(value + 8), length);
    }

    public string String(int column, int row) => Encoding.UTF8.GetString(Utf8(column, row));

    /// <summary>
    /// A VARCHAR row's 16 bytes as DuckDB holds them when the string is inline (up to 12 bytes: the
    /// length, then the bytes): equal strings give equal values, so a cache can map them to what the
    /// string means without decoding it. False for a longer string.
    /// </summary>
    public bool TryInline(int column, int row, out UInt128 value)
    {
        var at = (byte*)Data(column) + (row * 16L);
        value = *(UInt128*)at;
        return *(int*)at <= InlineLength;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        chunk?.Dispose();
        chunk = null;
        NativeMethods.Query.DuckDBDestroyResult(ref result);
        statement.Dispose();
    }

    private IntPtr Vector(int column) => chunk is null
        ? throw new InvalidOperationException("No current chunk; call Next first.")
        : vectors[column];

    private void* Data(int column) => chunk is null
        ? throw new InvalidOperationException("No current chunk; call Next first.")
        : (void*)data[column];
}
