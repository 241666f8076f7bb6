using ClickPredict.Storage;

namespace ClickPredict.Sessions;

/// <summary>
/// Puts staged silver folders in place by directory renames. <c>_sessions.json</c> is the commit
/// point: until it names the new files, the folders they replace wait under <c>silver/_replaced</c>,
/// and a failure (or, after a crash, the next run's <see cref="Recover"/>) puts them back.
/// </summary>
internal static class SilverCommit
{
    public static string Replaced(Lake lake) => Path.Combine(Path.GetDirectoryName(lake.Sessions)!, "_replaced");

    public static void Swap(Lake lake, string stagedRoot, SessionsManifest next, Action? beforeCommit = null)
    {
        var replaced = Replaced(lake);
        try
        {
            Directory.CreateDirectory(replaced);
            foreach (var live in Folders(lake))
            {
                var name = Path.GetFileName(live);
                if (Directory.Exists(live))
                {
                    Directory.Move(live, Path.Combine(replaced, name));
                }

                Directory.Move(Path.Combine(stagedRoot, name), live);
            }

            beforeCommit?.Invoke();
            next.Save(lake);
        }
        catch
        {
            Recover(lake);
            throw;
        }

        Directory.Delete(replaced, recursive: true);
    }

    /// <summary>Brings silver back to what <c>_sessions.json</c> names, whatever step a previous run stopped at.</summary>
    public static void Recover(Lake lake)
    {
        var committed = SessionsManifest.Load(lake);
        var replaced = Replaced(lake);
        foreach (var live in Folders(lake))
        {
            var files = live == lake.Sessions ? committed?.SessionsFiles : committed?.SessionEventsFiles;
            // Exactly the committed files: an incremental build's staged folder also holds the files it
            // kept under their committed names, next to its new ones.
            bool HoldsCommitted(string folder) =>
                files is { Count: > 0 }
                && Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                    .SequenceEqual(files.Select(Path.GetFileName).Order(StringComparer.Ordinal));

            if (Directory.Exists(live) && !HoldsCommitted(live))
            {
                Directory.Delete(live, recursive: true);
            }

            var aside = Path.Combine(replaced, Path.GetFileName(live));
            if (Directory.Exists(aside) && !Directory.Exists(live) && HoldsCommitted(aside))
            {
                Directory.Move(aside, live);
            }
        }

        if (Directory.Exists(replaced))
        {
            Directory.Delete(replaced, recursive: true);
        }
    }

    private static string[] Folders(Lake lake) => [lake.SessionEvents, lake.Sessions];
}
