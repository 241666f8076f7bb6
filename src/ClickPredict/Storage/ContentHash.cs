using System.Buffers;
using System.IO.Hashing;

namespace ClickPredict.Storage;

internal static class ContentHash
{
    private const int Chunk = 1 << 20;

    /// <summary>XXH128 of a file's bytes: an unchanged file is recognised without trusting its timestamp.</summary>
    public static string Of(string path) => Scan(path).Hash;

    /// <summary>
    /// <see cref="Of"/> and how many lines the file holds (its line feeds, and a last line without one),
    /// in one read: more lines than a CSV has rows means a quoted value spans lines
    /// (<see cref="Events.FileStager"/> then counts lines as an editor does).
    /// </summary>
    public static (string Hash, long Lines) Scan(string path)
    {
        var hash = new XxHash128();
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        var lines = new LineCount();
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer, 0, Chunk)) > 0)
            {
                var bytes = buffer.AsSpan(0, read);
                hash.Append(bytes);
                lines.Add(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ("xxh128:" + Convert.ToHexStringLower(hash.GetCurrentHash()), lines.Total);
    }
}
