namespace ClickPredict.Monitoring;

/// <summary>
/// The drift rule. Per column: PSI on the reference's decile bins, always reported; when either
/// window has at most <see cref="DriftThresholds.SmallSampleRows"/> rows, the two-sample KS test
/// decides (Bonferroni over the columns), since PSI and distances are biased upwards on small samples;
/// otherwise effect sizes decide — PSI and the Wasserstein-1 distance in standard deviations of both
/// windows pooled, the worse of the two — since on large samples every tiny difference is significant.
/// </summary>
internal static class DriftDetector
{
    /// <summary>Compares the columns both windows have. Sorts the given arrays in place (score them first).</summary>
    public static (IReadOnlyList<FeatureDrift> Features, FeatureDrift? Score) Compare(FeatureColumns reference, FeatureColumns current, DriftThresholds t)
    {
        var names = reference.Names.Where(current.Names.Contains).ToList();
        var features = new FeatureDrift[names.Count];
        Parallel.For(0, names.Count, i =>
            features[i] = Column(names[i], reference.Column(names[i]), current.Column(names[i]), names.Count, t));
        var score = reference.Scores is { } r && current.Scores is { } c ? Column("score", r, c, 1, t) : null;
        return (features, score);
    }

    public static DriftStatus Verdict(IReadOnlyList<FeatureDrift> features, FeatureDrift? score, DriftThresholds t)
    {
        var share = DriftedShare(features);
        if (score?.Status == DriftStatus.Drift || (features.Count > 0 && share >= t.DriftedShareForVerdict))
        {
            return DriftStatus.Drift;
        }

        return features.Any(f => f.Status != DriftStatus.None) || score is { Status: not DriftStatus.None } ? DriftStatus.Warn : DriftStatus.None;
    }

    public static double DriftedShare(IReadOnlyList<FeatureDrift> features) =>
        features.Count == 0 ? 0 : (double)features.Count(f => f.Status == DriftStatus.Drift) / features.Count;

    /// <summary>One column; <paramref name="tests"/> columns are tested together, for the Bonferroni split of the KS significance.</summary>
    public static FeatureDrift Column(string name, float[] reference, float[] current, int tests, DriftThresholds t)
    {
        var a = Sorted(reference);
        var b = Sorted(current);
        if (a.Length == 0 || b.Length == 0)
        {
            return new FeatureDrift(name, "empty", 0, 0, null, DriftStatus.None, 0, 0, a.Length, b.Length);
        }

        var edges = DistributionDistance.QuantileEdges(a, t.Bins);
        var psi = DistributionDistance.Psi(DistributionDistance.BinShares(a, edges), DistributionDistance.BinShares(b, edges), t.PsiFloor);
        var (ks, wasserstein) = DistributionDistance.KsAndWasserstein(a, b);
        var (referenceMean, referenceStd) = DistributionDistance.Moments(a);
        var (currentMean, currentStd) = DistributionDistance.Moments(b);
        if (Math.Min(a.Length, b.Length) <= t.SmallSampleRows)
        {
            var p = DistributionDistance.KsPValue(ks, a.Length, b.Length);
            var status = p < t.KsAlphaDrift / tests ? DriftStatus.Drift : p < t.KsAlphaWarn / tests ? DriftStatus.Warn : DriftStatus.None;
            return new FeatureDrift(name, "ks", psi, ks, p, status, referenceMean, currentMean, a.Length, b.Length);
        }

        // The spread of both windows together: a rare flag's own tiny standard deviation would make a
        // sampling wobble of a few rows look like a shift; a constant that moves still shows in PSI.
        var scale = PooledStd(a.Length, referenceMean, referenceStd, b.Length, currentMean, currentStd);
        var distance = scale > 0 ? wasserstein / scale : 0;
        var worst = (DriftStatus)Math.Max((int)Level(psi, t.PsiWarn, t.PsiDrift), (int)Level(distance, t.WassersteinWarn, t.WassersteinDrift));
        return new FeatureDrift(name, "wasserstein", psi, distance, null, worst, referenceMean, currentMean, a.Length, b.Length);
    }

    private static double PooledStd(long n, double meanA, double stdA, long m, double meanB, double stdB)
    {
        var between = (double)n * m / (n + m) * (meanA - meanB) * (meanA - meanB);
        return Math.Sqrt(((n * stdA * stdA) + (m * stdB * stdB) + between) / (n + m));
    }

    private static DriftStatus Level(double value, double warn, double drift) =>
        value >= drift ? DriftStatus.Drift : value >= warn ? DriftStatus.Warn : DriftStatus.None;

    /// <summary>The values sorted in place, NaNs left out.</summary>
    private static ReadOnlySpan<float> Sorted(float[] values) => values.AsSpan(0, FloatRadixSort.Sort(values));
}
