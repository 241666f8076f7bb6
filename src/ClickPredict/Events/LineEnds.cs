using System.Buffers;

namespace ClickPredict.Events;

/// <summary>
/// A CSV that ends some lines with CR LF and others with a bare LF (exports from two systems put together,
/// a file edited on Windows and appended to on Linux). DuckDB's reader takes one kind of line end per file:
/// it refuses such a file when sniffing, or stops with an error when the other kind comes after its sample,
/// and reading it leniently (<c>strict_mode = false</c>) would also accept a row with a surplus value and drop
/// that value. So such a file is read from a copy whose line ends are all LF; the copy has the same lines, so
/// every line number still points into the source.
/// </summary>
/// <remarks>
/// Written by hand: DuckDB has no option for it and .NET no streaming newline conversion that leaves
/// quoted values alone. A CR LF inside a quoted value is part of the value and stays as it is. Byte by
/// byte: it runs only for a file DuckDB could not read.
/// </remarks>
internal static class LineEnds
{
    private const int Chunk = 1 << 20;

    /// <summary>True when the file has both a CR LF and a bare LF line end, counted anywhere in the file.</summary>
    public static bool AreMixed(string path)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            using var stream = Open(path);
            long lineFeeds = 0, crLineFeeds = 0;
            var previous = (byte)0;
            int read;
            while ((read = stream.Read(buffer, 0, Chunk)) > 0)
            {
                var bytes = buffer.AsSpan(0, read);
                lineFeeds += bytes.Count((byte)'\n');
                crLineFeeds += (previous == '\r' && bytes[0] == '\n' ? 1 : 0) + CountPairs(bytes);
                previous = bytes[^1];
            }

            return crLineFeeds > 0 && crLineFeeds < lineFeeds;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes <paramref name="source"/> to <paramref name="target"/> with each CR LF outside a quoted value
    /// made a bare LF, quoted values as the reader sees them (<see cref="CsvQuoting"/>; <paramref name="quote"/>
    /// empty for none, <paramref name="escape"/> empty for the quote itself).
    /// </summary>
    public static string Unify(string source, string target, string separator, string quote, string escape)
    {
        var quoting = CsvQuoting.For(separator, quote, escape)
            ?? throw new IngestException($"{source} mixes Windows and Unix line ends, which can be read only with a one-byte separator, quote and escape character.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            using var input = Open(source);
            using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, Chunk);
            var pendingCr = false;
            int read;
            while ((read = input.Read(buffer, 0, Chunk)) > 0)
            {
                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (pendingCr && b != '\n')
                    {
                        // A CR outside quotes is dropped only before a LF.
                        output.WriteByte((byte)'\r');
                    }

                    pendingCr = !quoting.Take(b) && b == '\r';
                    if (!pendingCr)
                    {
                        output.WriteByte(b);
                    }
                }
            }

            if (pendingCr)
            {
                output.WriteByte((byte)'\r');
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return target;
    }

    private static int CountPairs(ReadOnlySpan<byte> bytes)
    {
        var pairs = 0;
        int at;
        while ((at = bytes.IndexOf("\r\n"u8)) >= 0)
        {
            pairs++;
            bytes = bytes[(at + 2)..];
        }

        return pairs;
    }

    private static Stream Open(string path) => CompressedCsv.OpenText(path);
}
