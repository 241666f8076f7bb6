namespace ClickPredict.Training;

/// <summary>Counts and rates at one threshold (predict "buys" when p ≥ threshold).</summary>
internal sealed record ThresholdMetrics(double Threshold, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => 2 * TruePositives + FalsePositives + FalseNegatives == 0
        ? 0
        : 2.0 * TruePositives / (2 * TruePositives + FalsePositives + FalseNegatives);

    public static ThresholdMetrics At(ScoredSet set, double threshold)
    {
        int tp = 0, fp = 0;
        for (var i = 0; i < set.Count && set.Scores[i] >= threshold; i++)
        {
            if (set.Labels[i])
            {
                tp++;
            }
            else
            {
                fp++;
            }
        }

        return new ThresholdMetrics(threshold, tp, fp, set.Positives - tp, set.Negatives - fp);
    }
}

/// <summary>Precision and lift among the top share of sessions by score.</summary>
internal sealed record TopShare(double Share, int Examples, double Precision, double Lift);

/// <summary>
/// What a window says about a model. PR-AUC is average precision (the step-wise area, as
/// scikit-learn's <c>average_precision_score</c>), the primary metric under a few percent positives;
/// ROC-AUC is the Mann–Whitney statistic with ties counted half.
/// </summary>
internal sealed record BinaryMetrics(
    int Examples,
    int Positives,
    double BaseRate,
    double PrAuc,
    double RocAuc,
    double Brier,
    double MeanScore,
    ThresholdMetrics AtThreshold,
    IReadOnlyList<TopShare> Top)
{
    public static readonly double[] TopShares = [0.01, 0.05, 0.10];

    /// <summary>95 % bootstrap interval of <see cref="PrAuc"/>, resampling sessions (null where not computed).</summary>
    public MetricInterval? PrAucInterval { get; init; }

    /// <summary>95 % bootstrap interval of <see cref="RocAuc"/>, resampling sessions.</summary>
    public MetricInterval? RocAucInterval { get; init; }

    public static BinaryMetrics Of(ScoredSet set, double threshold) =>
        new(set.Count, set.Positives, set.BaseRate, AveragePrecision(set), AreaUnderRoc(set), BrierScore(set), set.Scores.Average(),
            ThresholdMetrics.At(set, threshold), [.. TopShares.Select(s => TopOf(set, s))]);

    public static double AveragePrecision(ScoredSet set)
    {
        if (set.Positives == 0)
        {
            return 0;
        }

        double area = 0;
        var previousRecall = 0.0;
        foreach (var (_, tp, fp) in set.Cuts())
        {
            var recall = (double)tp / set.Positives;
            area += (recall - previousRecall) * tp / (tp + fp);
            previousRecall = recall;
        }

        return area;
    }

    public static double AreaUnderRoc(ScoredSet set)
    {
        if (set.Positives == 0 || set.Negatives == 0)
        {
            return 0.5;
        }

        // For each group of tied scores: its positives outrank every negative below the group, and tie half with its own negatives.
        double wins = 0;
        int tpBefore = 0, fpBefore = 0;
        foreach (var (_, tp, fp) in set.Cuts())
        {
            var groupPositives = tp - tpBefore;
            var groupNegatives = fp - fpBefore;
            wins += groupPositives * ((double)(set.Negatives - fp) + (groupNegatives / 2.0));
            tpBefore = tp;
            fpBefore = fp;
        }

        return wins / ((double)set.Positives * set.Negatives);
    }

    public static double BrierScore(ScoredSet set)
    {
        double sum = 0;
        for (var i = 0; i < set.Count; i++)
        {
            var d = set.Scores[i] - (set.Labels[i] ? 1 : 0);
            sum += d * d;
        }

        return set.Count == 0 ? 0 : sum / set.Count;
    }

    private static TopShare TopOf(ScoredSet set, double share)
    {
        var n = Math.Max(1, (int)Math.Ceiling(set.Count * share));
        n = Math.Min(n, set.Count);
        var hits = set.Labels.Take(n).Count(l => l);
        var precision = n == 0 ? 0 : (double)hits / n;
        return new TopShare(share, n, precision, set.BaseRate == 0 ? 0 : precision / set.BaseRate);
    }
}
