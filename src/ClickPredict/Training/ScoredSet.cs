namespace ClickPredict.Training;

/// <summary>
/// Probabilities and labels of one window, sorted once by descending score; every metric, curve and
/// threshold sweep reads this order. Ties in score are kept together: a threshold can only fall
/// between distinct scores.
/// </summary>
internal sealed class ScoredSet
{
    public ScoredSet(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        if (probabilities.Count != labels.Count)
        {
            throw new ArgumentException($"{probabilities.Count} scores for {labels.Count} labels.");
        }

        var order = Enumerable.Range(0, probabilities.Count).ToArray();
        var keys = probabilities.ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            if (!double.IsFinite(keys[i]) || keys[i] < 0 || keys[i] > 1)
            {
                throw new ArgumentException($"Score {keys[i]} at row {i} is not a probability.");
            }

            keys[i] = -keys[i];
        }

        // Stable by row for equal scores, so the top-k cuts are the same every run.
        Array.Sort(keys, order);
        Order = order;
        Scores = [.. keys.Select(k => -k)];
        Labels = [.. order.Select(i => labels[i])];
        Positives = Labels.Count(l => l);
    }

    /// <summary>Descending.</summary>
    public double[] Scores { get; }

    /// <summary>The input row of each sorted position, so per-row weights (a bootstrap's) can follow the sort.</summary>
    public int[] Order { get; }

    public bool[] Labels { get; }

    public int Count => Scores.Length;

    public int Positives { get; }

    public int Negatives => Count - Positives;

    public double BaseRate => Count == 0 ? 0 : (double)Positives / Count;

    /// <summary>
    /// One point per distinct score, highest first: predicting positive for every score at or above
    /// <c>Threshold</c> gives <c>TruePositives</c> and <c>FalsePositives</c>.
    /// </summary>
    public IEnumerable<(double Threshold, int TruePositives, int FalsePositives)> Cuts()
    {
        int tp = 0, fp = 0;
        for (var i = 0; i < Count; i++)
        {
            if (Labels[i])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (i == Count - 1 || Scores[i + 1] != Scores[i])
            {
                yield return (Scores[i], tp, fp);
            }
        }
    }
}
