using Microsoft.Extensions.FileSystemGlobbing;

namespace ClickPredict.Events;

internal static class Glob
{
    /// <summary>Matches a bare file name against a pattern such as <c>*buys*.dat</c>.</summary>
    public static bool IsMatch(string fileName, string pattern)
    {
        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase).AddInclude(pattern);
        return matcher.Match(Path.GetFileName(fileName)).HasMatches;
    }
}
