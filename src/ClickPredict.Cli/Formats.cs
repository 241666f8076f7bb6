using System.Globalization;

namespace ClickPredict.Cli;

/// <summary>How the CLI's tables write numbers, said once.</summary>
internal static class Formats
{
    /// <summary>A count with thousands separators, the same on every machine: 1,234,567.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
