using ClickPredict.Features;

namespace ClickPredict.Tests.Features;

/// <summary>Feature vectors compared value by value: within 1e-9 relative, or 1e-9 absolute near zero.</summary>
internal static class FeatureComparison
{
    public const double Tolerance = 1e-9;

    public static bool Close(double expected, double actual) =>
        expected == actual || Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));

    /// <summary>Names and values of the features that differ, empty when the vectors agree.</summary>
    public static List<string> Differences(double[] expected, double[] actual) =>
        [.. Enumerable.Range(0, FeatureCatalog.Count)
            .Where(i => !Close(expected[i], actual[i]))
            .Select(i => $"{FeatureCatalog.Names[i]}: {expected[i]:R} vs {actual[i]:R}")];
}
