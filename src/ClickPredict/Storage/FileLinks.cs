using System.Runtime.InteropServices;

namespace ClickPredict.Storage;

/// <summary>
/// A committed lake file under a second name without copying its bytes: a hard link (<c>link(2)</c>;
/// .NET has no API for one), else a copy — on Windows, across file systems, or where links are refused.
/// Safe because lake files are never changed once written: a rebuild writes new files, a commit renames
/// folders, and removing one name leaves the other.
/// </summary>
internal static partial class FileLinks
{
    public static void LinkOrCopy(string source, string target)
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Link(source, target) == 0)
        {
            return;
        }

        File.Copy(source, target);
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
