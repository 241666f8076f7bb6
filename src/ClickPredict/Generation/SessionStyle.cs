namespace ClickPredict.Generation;

/// <summary>
/// How a session behaves before its purchase decision. A considering shopper dwells longer, stays in one
/// category, revisits items and adds to cart; a browsing shopper skims. The two overlap on purpose.
/// </summary>
internal sealed record SessionStyle(
    int MinLength,
    double LengthMedian,
    double LengthSigma,
    double CartChance,
    double RemoveChance,
    double RepeatViewChance,
    double FocusChance,
    double DwellMedianSeconds,
    double DwellSigma)
{
    public static SessionStyle Browsing { get; } = new(
        MinLength: 1, LengthMedian: 2.4, LengthSigma: 1.05, CartChance: 0.006, RemoveChance: 0.10,
        RepeatViewChance: 0.10, FocusChance: 0.55, DwellMedianSeconds: 24, DwellSigma: 1.0);

    public static SessionStyle Considering { get; } = new(
        MinLength: 2, LengthMedian: 5.5, LengthSigma: 0.85, CartChance: 0.16, RemoveChance: 0.05,
        RepeatViewChance: 0.24, FocusChance: 0.80, DwellMedianSeconds: 38, DwellSigma: 0.95);
}
