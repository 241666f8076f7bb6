using Microsoft.ML;
using Microsoft.ML.Data;

namespace ClickPredict.Training;

/// <summary>
/// Scores a whole table without prediction engines, corrected to real-mix probabilities. Large
/// tables are cut into one slice per core, each scored by its own cursor: ML.NET's cursor over a
/// model is single-threaded, and a model's Transform is safe to call concurrently.
/// </summary>
internal static class BatchScorer
{
    private const int MinRowsPerSlice = 20_000;

    public static double[] Score(ITransformer model, ScoreCorrection correction, ExampleTable table)
    {
        var scores = new double[table.Count];
        var slices = Math.Clamp(table.Count / MinRowsPerSlice, 1, Environment.ProcessorCount);
        Parallel.For(0, slices, slice =>
        {
            var from = (int)((long)table.Count * slice / slices);
            var to = (int)((long)table.Count * (slice + 1) / slices);
            var i = from;
            foreach (var p in model.Transform(ModelSchema.Input(table.Slice(from, to - from))).GetColumn<float>(nameof(ModelOutput.Probability)))
            {
                scores[i++] = correction.Apply(p);
            }
        });
        return scores;
    }

    public static ScoredSet ScoreSet(ITransformer model, ScoreCorrection correction, ExampleTable table) =>
        new(Score(model, correction, table), table.Labels());
}
