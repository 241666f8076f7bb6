namespace ClickPredict.Training;

/// <summary>
/// One shape of boosted trees: the first trial of every boosted candidate is <see cref="Default"/>;
/// the search draws more from <see cref="Draw"/>. Both scale with the training rows: small data gets
/// small trees that need many examples per leaf, large data gets the capacity to use it.
/// </summary>
internal sealed record BoostingTrial(int Leaves, int MinExamplesPerLeaf, double LearningRate, double L2, double FeatureFraction, int Trial = 0)
{
    /// <summary>The trainer's settings, with leaves and examples per leaf fitted to <paramref name="rows"/>.</summary>
    public static BoostingTrial Default(TrainOptions options, int rows) =>
        new(Math.Min(options.Leaves, LeavesFor(rows)), Math.Max(options.MinExamplesPerLeaf, MinPerLeafFor(rows)), options.LearningRate, 0, options.FeatureFraction);

    /// <summary>Trial <paramref name="trial"/> (1, 2, …) of the search: seeded, so a run repeats.</summary>
    public static BoostingTrial Draw(TrainOptions options, int rows, int trial)
    {
        var random = new Random(unchecked((options.Seed * 7_919) + trial));
        var cap = LeavesFor(rows);
        int[] leaves = [Math.Max(4, cap / 4), Math.Max(4, cap / 2), cap, Math.Min(255, cap * 2)];
        double[] rates = [0.03, 0.05, 0.08, 0.12];
        double[] l2 = [0, 1, 10];
        double[] fractions = [0.6, 0.8, 1.0];
        var minPerLeaf = MinPerLeafFor(rows) * (1 << random.Next(3));
        return new BoostingTrial(leaves[random.Next(leaves.Length)], Math.Max(options.MinExamplesPerLeaf, minPerLeaf),
            rates[random.Next(rates.Length)], l2[random.Next(l2.Length)], fractions[random.Next(fractions.Length)], trial);
    }

    /// <summary>About one leaf per 2,000 training rows, a power of two minus one, from 7 to 63.</summary>
    private static int LeavesFor(int rows) => Math.Clamp((1 << (int)Math.Round(Math.Log2(Math.Max(1.0, rows / 2_000.0)))) - 1, 7, 63);

    /// <summary>A leaf holds at least 0.1 % of the rows (20 or more).</summary>
    private static int MinPerLeafFor(int rows) => Math.Max(20, rows / 1_000);
}
