using Microsoft.ML;
using Microsoft.ML.Data;

namespace ClickPredict.Training;

/// <summary>Scores a whole table in one pass (no prediction engine), corrected to real-mix probabilities.</summary>
internal static class BatchScorer
{
    public static double[] Score(MLContext ml, ITransformer model, ScoreCorrection correction, ExampleTable table)
    {
        var scored = model.Transform(ModelSchema.Input(table));
        return [.. scored.GetColumn<float>(nameof(ModelOutput.Probability)).Select(p => correction.Apply(p))];
    }

    public static ScoredSet ScoreSet(MLContext ml, ITransformer model, ScoreCorrection correction, ExampleTable table) =>
        new(Score(ml, model, correction, table), table.Labels());
}
