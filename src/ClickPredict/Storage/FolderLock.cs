namespace ClickPredict.Storage;

/// <summary>
/// The advisory lock file <c>.lock</c> in a folder, as the lake and the registry take it: one writer
/// alone, or any number of readers together. The operating system releases it when the holder dies.
/// </summary>
internal static class FolderLock
{
    public const string FileName = ".lock";

    /// <summary>Held by one writer; removed on release. <paramref name="busy"/> makes the error when someone else holds it.</summary>
    public static FileStream Exclusive(string folder, Func<IOException, Exception> busy) =>
        Open(folder, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose, busy);

    /// <summary>
    /// Held by readers that stage work without replacing anything, while no writer holds it. The file is left in
    /// place: a reader deleting it could let a writer lock a new file while another reader still holds the old one.
    /// </summary>
    public static FileStream Shared(string folder, Func<IOException, Exception> busy) =>
        Open(folder, FileAccess.Read, FileShare.ReadWrite, FileOptions.None, busy);

    private static FileStream Open(string folder, FileAccess access, FileShare share, FileOptions options, Func<IOException, Exception> busy)
    {
        Directory.CreateDirectory(folder);
        try
        {
            return new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, access, share, 1, options);
        }
        catch (IOException e)
        {
            throw busy(e);
        }
    }
}
