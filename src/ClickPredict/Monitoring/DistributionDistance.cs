namespace ClickPredict.Monitoring;

/// <summary>
/// The two-sample statistics drift is judged on, hand-written over sorted samples so each is one
/// linear merge walk: population stability index on reference-quantile bins, the Kolmogorov–Smirnov
/// statistic and its p-value, and the Wasserstein-1 (earth mover's) distance.
/// </summary>
internal static class DistributionDistance
{
    /// <summary>
    /// Interior bin edges at the reference's 1/bins, 2/bins, … quantiles (the value at rank ⌈i·n/bins⌉),
    /// without repeats and without the reference maximum, so a feature with few values gets one bin per
    /// value. Bins are (−∞, e₁], (e₁, e₂], …, (eₖ, ∞).
    /// </summary>
    public static double[] QuantileEdges(ReadOnlySpan<float> sortedReference, int bins)
    {
        var edges = new List<double>(bins);
        var max = sortedReference[^1];
        for (var i = 1; i < bins; i++)
        {
            var rank = (int)Math.Ceiling((double)i * sortedReference.Length / bins);
            double edge = sortedReference[Math.Clamp(rank - 1, 0, sortedReference.Length - 1)];
            if (edge < max && (edges.Count == 0 || edge > edges[^1]))
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }

    /// <summary>Share of a sorted sample in each bin of <paramref name="edges"/>.</summary>
    public static double[] BinShares(ReadOnlySpan<float> sorted, double[] edges)
    {
        var shares = new double[edges.Length + 1];
        var below = 0;
        for (var i = 0; i < edges.Length; i++)
        {
            var upTo = UpperBound(sorted, edges[i]);
            shares[i] = (double)(upTo - below) / sorted.Length;
            below = upTo;
        }

        shares[^1] = (double)(sorted.Length - below) / sorted.Length;
        return shares;
    }

    /// <summary>PSI = Σ (c − r)·ln(c / r) over bins, each share floored at <paramref name="floor"/> so an empty bin counts as rare, not impossible.</summary>
    public static double Psi(double[] referenceShares, double[] currentShares, double floor)
    {
        var psi = 0.0;
        for (var i = 0; i < referenceShares.Length; i++)
        {
            var r = Math.Max(referenceShares[i], floor);
            var c = Math.Max(currentShares[i], floor);
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }

    /// <summary>The largest gap between the two empirical CDFs (ties consumed together), and W₁ = ∫ |F_a − F_b| dx.</summary>
    public static (double Ks, double Wasserstein) KsAndWasserstein(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0, j = 0;
        double ks = 0, wasserstein = 0;
        double previous = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            double x = i == a.Length ? b[j] : j == b.Length ? a[i] : Math.Min(a[i], b[j]);
            var gap = Math.Abs(((double)i / a.Length) - ((double)j / b.Length));
            wasserstein += gap * (x - previous);
            while (i < a.Length && a[i] == x)
            {
                i++;
            }

            while (j < b.Length && b[j] == x)
            {
                j++;
            }

            ks = Math.Max(ks, Math.Abs(((double)i / a.Length) - ((double)j / b.Length)));
            previous = x;
        }

        return (ks, wasserstein);
    }

    /// <summary>
    /// Two-sided p-value of a KS statistic for samples of <paramref name="n"/> and <paramref name="m"/>:
    /// the asymptotic Kolmogorov distribution with Stephens' small-sample correction (as Numerical
    /// Recipes' <c>probks</c>). With ties (counts, flags) the test is conservative.
    /// </summary>
    public static double KsPValue(double ks, long n, long m)
    {
        var en = Math.Sqrt((double)n * m / (n + m));
        var lambda = (en + 0.12 + (0.11 / en)) * ks;
        if (lambda < 0.3)
        {
            return 1.0;
        }

        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12)
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>Mean and population standard deviation.</summary>
    public static (double Mean, double Std) Moments(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;
        double squares = 0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        return (mean, Math.Sqrt(squares / values.Length));
    }

    private static int UpperBound(ReadOnlySpan<float> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
