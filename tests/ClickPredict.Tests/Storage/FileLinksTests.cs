using System.Diagnostics;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Storage;

public class FileLinksTests
{
    [Fact]
    public void A_kept_file_is_a_second_name_for_the_same_bytes_and_outlives_the_first()
    {
        using var folder = new TempFolder();
        var first = folder.File("first.parquet", "the same bytes");
        var second = folder.Combine("second.parquet");

        FileLinks.LinkOrCopy(first, second);

        // One inode with two names (what a copy would not give): stat's link count.
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%h %i", first, second]) { RedirectStandardOutput = true })!;
        var lines = stat.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        stat.WaitForExit();
        Assert.Equal(2, lines.Length);
        Assert.Equal(lines[0], lines[1]);
        Assert.StartsWith("2 ", lines[0], StringComparison.Ordinal);
        File.Delete(first);
        Assert.Equal("the same bytes", File.ReadAllText(second));
    }
}
