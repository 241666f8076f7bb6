using System.Globalization;

namespace ClickPredict.Training;

/// <summary>
/// What the threshold is tuned for. <c>f1</c>: the harmonic mean of precision and recall.
/// <c>profit</c>: acting on a session (a coupon, a chat prompt) costs <see cref="CostPerAction"/>,
/// and a converting session that was acted on is worth <see cref="ValuePerConversion"/>, so a
/// threshold is worth value × TP − cost × (TP + FP).
/// </summary>
internal sealed record ThresholdObjective(string Name, double ValuePerConversion = 0, double CostPerAction = 0)
{
    public static ThresholdObjective F1 { get; } = new("f1");

    public static ThresholdObjective Profit(double valuePerConversion, double costPerAction)
    {
        if (!double.IsFinite(valuePerConversion) || !double.IsFinite(costPerAction) || valuePerConversion <= 0 || costPerAction < 0)
        {
            throw new ArgumentException(
                $"The profit objective needs a positive value per conversion and a cost per action of 0 or more (got {valuePerConversion} and {costPerAction}).");
        }

        return new("profit", valuePerConversion, costPerAction);
    }

    public bool IsProfit => Name == "profit";

    public double Value(int truePositives, int falsePositives, int falseNegatives) => IsProfit
        ? (ValuePerConversion * truePositives) - (CostPerAction * (truePositives + falsePositives))
        : 2 * truePositives + falsePositives + falseNegatives == 0 ? 0 : 2.0 * truePositives / (2 * truePositives + falsePositives + falseNegatives);

    public double Value(ThresholdMetrics at) => Value(at.TruePositives, at.FalsePositives, at.FalseNegatives);

    public override string ToString() => IsProfit
        ? string.Create(CultureInfo.InvariantCulture, $"max expected profit (value {ValuePerConversion} per conversion, cost {CostPerAction} per action)")
        : "max F1";
}

/// <summary>The threshold chosen on validation, and what the objective was worth there.</summary>
internal sealed record TunedThreshold(double Threshold, double ObjectiveValue);

/// <summary>Picks the threshold on validation scores; it is never tuned on test.</summary>
internal static class ThresholdTuner
{
    /// <summary>
    /// The threshold among the distinct validation scores that maximizes the objective; on a tie the
    /// higher threshold (fewer actions). When no threshold beats acting on nobody (profit 0), the
    /// threshold sits just above the highest score.
    /// </summary>
    public static TunedThreshold Tune(ScoredSet validation, ThresholdObjective objective)
    {
        var best = new TunedThreshold(Math.BitIncrement(validation.Count == 0 ? 1 : validation.Scores[0]), objective.Value(0, 0, validation.Positives));
        foreach (var (threshold, tp, fp) in validation.Cuts())
        {
            var value = objective.Value(tp, fp, validation.Positives - tp);
            if (value > best.ObjectiveValue)
            {
                best = new TunedThreshold(threshold, value);
            }
        }

        return best;
    }
}
