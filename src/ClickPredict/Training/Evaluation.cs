namespace ClickPredict.Training;

/// <summary>A model's one look at the test window, at the threshold validation chose.</summary>
internal sealed record Evaluation(ValidatedCandidate Model, ScoredSet TestScores, BinaryMetrics Test, double TestObjectiveValue)
{
    public static Evaluation Of(ValidatedCandidate model, ScoredSet test, ThresholdObjective objective)
    {
        var metrics = BinaryMetrics.Of(test, model.Threshold.Threshold);
        return new Evaluation(model, test, metrics, objective.Value(metrics.AtThreshold));
    }
}
