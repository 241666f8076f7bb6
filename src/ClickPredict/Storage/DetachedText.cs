using System.Runtime.InteropServices;

namespace ClickPredict.Storage;

/// <summary>
/// VARCHAR values of a <see cref="DuckDbChunks"/> chunk copied out as 16 bytes each, so another thread
/// can read them after the chunk is gone: a short value (up to 12 bytes) is DuckDB's own 16 bytes (its
/// length, then the bytes), a longer one its length and the offset of its bytes in this buffer.
/// </summary>
internal sealed class DetachedText
{
    /// <summary>The value of a NULL (a length no text has).</summary>
    public static readonly UInt128 Null = UInt128.MaxValue;

    private byte[] spill = new byte[1 << 12];
    private int spilled;

    /// <summary>The value of the chunk's row; <see cref="Null"/> when <paramref name="valid"/> is false.</summary>
    public UInt128 Add(DuckDbChunks chunks, int column, int row, bool valid)
    {
        if (!valid)
        {
            return Null;
        }

        if (chunks.TryInline(column, row, out var value))
        {
            return value;
        }

        var bytes = chunks.Utf8(column, row);
        if (spilled + bytes.Length > spill.Length)
        {
            Array.Resize(ref spill, Math.Max(spill.Length * 2, spilled + bytes.Length));
        }

        bytes.CopyTo(spill.AsSpan(spilled));
        value = ((UInt128)(ulong)spilled << 64) | (uint)bytes.Length;
        spilled += bytes.Length;
        return value;
    }

    /// <summary>Forgets the values added (their bytes are reused).</summary>
    public void Clear() => spilled = 0;

    public static bool IsInline(UInt128 value) => (uint)value <= DuckDbChunks.InlineLength;

    /// <summary>The UTF-8 bytes of a value <see cref="Add"/> returned (not <see cref="Null"/>).</summary>
    public ReadOnlySpan<byte> Bytes(ref UInt128 value) => IsInline(value)
        ? MemoryMarshal.AsBytes(new Span<UInt128>(ref value)).Slice(4, (int)(uint)value)
        : spill.AsSpan((int)(ulong)(value >> 64), (int)(uint)value);
}
