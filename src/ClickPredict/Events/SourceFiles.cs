using Microsoft.Extensions.FileSystemGlobbing;

namespace ClickPredict.Events;

internal static class SourceFiles
{
    /// <summary>The input itself when it is a file; otherwise the files under it that match the mapping's glob.</summary>
    public static IReadOnlyList<string> Resolve(string input, SourceMapping mapping)
    {
        var full = Path.GetFullPath(input);
        if (File.Exists(full))
        {
            return [full];
        }

        if (!Directory.Exists(full))
        {
            throw new IngestException($"Input '{input}' does not exist; pass a file or a folder of {mapping.Name} files.");
        }

        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase).AddInclude(mapping.Files).AddInclude("**/" + mapping.Files);
        var files = matcher.GetResultsInFullPath(full).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0
            ? files
            : throw new IngestException($"No file in '{input}' matches '{mapping.Files}' (the {mapping.Name} mapping's files pattern).");
    }
}
