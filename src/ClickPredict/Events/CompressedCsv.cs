using System.Buffers;
using System.IO.Compression;
using ClickPredict.Storage;

namespace ClickPredict.Events;

/// <summary>
/// A CSV compressed with gzip (<c>.gz</c>) or Zstandard (<c>.zst</c>), which DuckDB reads as it is (it
/// knows both by their extension). Its line feeds are not bytes of the file, so what ingest finds by reading bytes (lines an editor shows, a row a stray quote swallowed,
/// the line to fix in a refused file) reads it decompressed: its lines counted by streaming, and a
/// decompressed copy made only when one of those scans is needed. DuckDB's byte positions for such a
/// file are already positions in the decompressed text.
/// </summary>
internal static class CompressedCsv
{
    private const int Chunk = 1 << 20;

    public static bool Is(string path) =>
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase);

    /// <summary>The decompressed text's lines: its line feeds, and a last line without one.</summary>
    public static long Lines(string path)
    {
        using var stream = OpenText(path);
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        var lines = new LineCount();
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, Chunk)) > 0)
            {
                lines.Add(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return lines.Total;
    }

    /// <summary>Writes the decompressed text of <paramref name="path"/> to <paramref name="target"/> and returns it.</summary>
    public static string Decompress(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using (var source = OpenText(path))
        using (var copy = File.Create(target))
        {
            source.CopyTo(copy, Chunk);
        }

        return target;
    }

    /// <summary>The file's text for one pass from its start: decompressed on the way for a compressed CSV, the file itself otherwise.</summary>
    public static Stream OpenText(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return !Is(path) ? file
            : path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) ? new ZstdSharp.DecompressionStream(file, leaveOpen: false)
            : new GZipStream(file, CompressionMode.Decompress);
    }
}
