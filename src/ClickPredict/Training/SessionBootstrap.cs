namespace ClickPredict.Training;

/// <summary>A 95 % interval of a metric over bootstrap resamples; <see cref="Replicates"/> says how many.</summary>
internal sealed record MetricInterval(double Low, double High, int Replicates)
{
    public bool Contains(double value) => value >= Low && value <= High;
}

/// <summary>
/// The bootstrap by session: a replicate draws the window's sessions with replacement and keeps every
/// example of a drawn session as often as it was drawn. Examples of one session (its cut points) are
/// strongly correlated, so resampling examples would understate the noise. Replicate r is seeded by
/// (seed, r), so every model scored on the same window sees the same resamples and their differences
/// are paired.
/// </summary>
internal sealed class SessionBootstrap
{
    public const int DefaultReplicates = 200;

    private readonly int[] sessionOfRow;
    private readonly int sessions;
    private readonly int seed;

    public SessionBootstrap(ExampleTable table, int seed, int replicates = DefaultReplicates)
    {
        var dense = new Dictionary<int, int>();
        sessionOfRow = new int[table.Count];
        for (var i = 0; i < table.Count; i++)
        {
            var ordinal = table.SessionOrdinal(i);
            if (!dense.TryGetValue(ordinal, out var index))
            {
                dense[ordinal] = index = dense.Count;
            }

            sessionOfRow[i] = index;
        }

        sessions = dense.Count;
        this.seed = seed;
        Replicates = replicates;
    }

    public int Replicates { get; }

    /// <summary>PR-AUC (average precision) and ROC-AUC of <paramref name="set"/> in every replicate.</summary>
    public (double[] PrAuc, double[] RocAuc) Replay(ScoredSet set)
    {
        var prAuc = new double[Replicates];
        var rocAuc = new double[Replicates];
        var drawn = new int[sessions];
        var weights = new int[set.Count];
        for (var r = 0; r < Replicates; r++)
        {
            Array.Clear(drawn);
            // Not HashCode.Combine: it is salted per process, and a replicate must be the same in every run.
            var random = new Random(unchecked((seed * 100_003) + r));
            for (var s = 0; s < sessions; s++)
            {
                drawn[random.Next(sessions)]++;
            }

            for (var i = 0; i < set.Count; i++)
            {
                weights[i] = drawn[sessionOfRow[set.Order[i]]];
            }

            (prAuc[r], rocAuc[r]) = Weighted(set, weights);
        }

        return (prAuc, rocAuc);
    }

    /// <summary>The window's metrics at <paramref name="threshold"/> with their PR-AUC and ROC-AUC intervals, and the PR-AUC of every replicate.</summary>
    public (BinaryMetrics Metrics, double[] PrAucReplicates) Measure(ScoredSet set, double threshold)
    {
        var (prAuc, rocAuc) = Replay(set);
        var metrics = BinaryMetrics.Of(set, threshold) with { PrAucInterval = Interval(prAuc), RocAucInterval = Interval(rocAuc) };
        return (metrics, prAuc);
    }

    public static MetricInterval Interval(double[] replicates)
    {
        var sorted = replicates.Order().ToArray();
        return new MetricInterval(Quantile(sorted, 0.025), Quantile(sorted, 0.975), sorted.Length);
    }

    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>Average precision and ROC-AUC with integer example weights, in one pass over the sorted scores (ties grouped).</summary>
    private static (double PrAuc, double RocAuc) Weighted(ScoredSet set, int[] weights)
    {
        long positives = 0, negatives = 0;
        for (var i = 0; i < set.Count; i++)
        {
            if (set.Labels[i])
            {
                positives += weights[i];
            }
            else
            {
                negatives += weights[i];
            }
        }

        if (positives == 0)
        {
            return (0, 0.5);
        }

        double area = 0, wins = 0;
        long tp = 0, fp = 0, tpBefore = 0, fpBefore = 0;
        for (var i = 0; i < set.Count; i++)
        {
            if (set.Labels[i])
            {
                tp += weights[i];
            }
            else
            {
                fp += weights[i];
            }

            if (i == set.Count - 1 || set.Scores[i + 1] != set.Scores[i])
            {
                if (tp + fp > 0)
                {
                    area += (double)(tp - tpBefore) / positives * tp / (tp + fp);
                }

                wins += (tp - tpBefore) * ((double)(negatives - fp) + ((fp - fpBefore) / 2.0));
                tpBefore = tp;
                fpBefore = fp;
            }
        }

        return (area, negatives == 0 ? 0.5 : wins / ((double)positives * negatives));
    }
}
