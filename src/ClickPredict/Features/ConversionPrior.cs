namespace ClickPredict.Features;

/// <summary>
/// Smoothing for every conversion rate: (successes + 1) / (trials + 20). The prior mean, 5%, is about
/// the share of converting sessions in shop data; 20 pseudo-trials let an item's own record outweigh
/// it after a few dozen views, and a user or item with no history gets the prior instead of 0/0.
/// </summary>
internal static class ConversionPrior
{
    public const double Successes = 1;
    public const double Trials = 20;

    public static double Rate(double successes, double trials) => (successes + Successes) / (trials + Trials);
}
