namespace ClickPredict.Api.Dashboard;

/// <summary>Counts of scores in <see cref="Bins"/> equal-width bins over [0, 1].</summary>
internal sealed record ScoreHistogram(long[] Counts)
{
    public const int Bins = 20;

    public static ScoreHistogram Empty => new(new long[Bins]);

    public long Total => Counts.Sum();

    public static int Bin(double score) => Math.Clamp((int)Math.Floor(score * Bins), 0, Bins - 1);

    public static ScoreHistogram Of(IEnumerable<double> scores)
    {
        var counts = new long[Bins];
        foreach (var score in scores)
        {
            counts[Bin(score)]++;
        }

        return new ScoreHistogram(counts);
    }

    public ScoreHistogram Plus(ScoreHistogram other) => new([.. Counts.Zip(other.Counts, (a, b) => a + b)]);

    /// <summary>Each bin's share of the total, so windows of different sizes compare.</summary>
    public double[] Shares() => Total == 0 ? new double[Bins] : [.. Counts.Select(c => (double)c / Total)];
}
