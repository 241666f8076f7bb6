using System.Text.RegularExpressions;

namespace ClickPredict.Api.Hosting;

/// <summary>
/// How an error message repeats a value to a client: a client's value quoted and cut short, so a
/// huge field is not sent back whole; a server-side message without the server's file paths.
/// </summary>
internal static partial class Echo
{
    public const int MaxLength = 64;

    public static string Quote(string value) =>
        value.Length <= MaxLength ? $"'{value}'" : $"'{value[..MaxLength]}…' ({value.Length} characters)";

    /// <summary><paramref name="message"/> with every absolute path (Unix or Windows) replaced by <c>&lt;path&gt;</c>.</summary>
    public static string WithoutPaths(string message) => AbsolutePath().Replace(message, "<path>");

    [GeneratedRegex(@"(?<![\w.])(?:[A-Za-z]:\\|/)[^\s'""`,;()]+")]
    private static partial Regex AbsolutePath();
}
