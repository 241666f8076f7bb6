namespace ClickPredict.Training;

/// <summary>PR, ROC and calibration curves of a scored window, thinned to what a plot or a page needs.</summary>
internal static class Curves
{
    private const int MaxPoints = 400;

    /// <summary>(recall, precision) at each distinct score, highest first.</summary>
    public static IReadOnlyList<(double Recall, double Precision)> PrecisionRecall(ScoredSet set) =>
        Thin([.. set.Cuts().Select(c => ((double)c.TruePositives / Math.Max(1, set.Positives), (double)c.TruePositives / (c.TruePositives + c.FalsePositives)))]);

    /// <summary>(false positive rate, true positive rate), from (0, 0) to (1, 1).</summary>
    public static IReadOnlyList<(double FalsePositiveRate, double TruePositiveRate)> Roc(ScoredSet set) =>
        Thin([(0.0, 0.0), .. set.Cuts().Select(c => ((double)c.FalsePositives / Math.Max(1, set.Negatives), (double)c.TruePositives / Math.Max(1, set.Positives)))]);

    /// <summary>
    /// Mean predicted probability against the observed rate in <paramref name="bins"/> bins of equal
    /// size by score (equal-width bins would leave the upper ones nearly empty at a 3% base rate).
    /// </summary>
    public static IReadOnlyList<(double Predicted, double Observed, int Count)> Calibration(ScoredSet set, int bins = 10)
    {
        var points = new List<(double, double, int)>();
        for (var b = bins - 1; b >= 0; b--)
        {
            var from = (int)((long)set.Count * b / bins);
            var to = (int)((long)set.Count * (b + 1) / bins);
            if (to > from)
            {
                var predicted = set.Scores.AsSpan(from, to - from).ToArray().Average();
                var observed = set.Labels.AsSpan(from, to - from).ToArray().Count(l => l) / (double)(to - from);
                points.Add((predicted, observed, to - from));
            }
        }

        return points;
    }

    private static List<(double, double)> Thin(List<(double, double)> points)
    {
        if (points.Count <= MaxPoints)
        {
            return points;
        }

        var step = (double)(points.Count - 1) / (MaxPoints - 1);
        return [.. Enumerable.Range(0, MaxPoints).Select(i => points[(int)Math.Round(i * step)])];
    }
}
