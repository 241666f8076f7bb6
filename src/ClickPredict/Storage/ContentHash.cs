using System.IO.Hashing;

namespace ClickPredict.Storage;

internal static class ContentHash
{
    /// <summary>XXH128 of a file's bytes: an unchanged file is recognised without trusting its timestamp.</summary>
    public static string Of(string path)
    {
        var hash = new XxHash128();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        hash.Append(stream);
        return "xxh128:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
