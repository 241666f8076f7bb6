using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Api.Serving;

/// <summary>
/// One PredictionEngine with its reusable input and output rows. A slot serves one request at a
/// time (PredictionEngine is not thread-safe); <see cref="LoadedModel"/> pools them.
/// </summary>
internal sealed class ScoringSlot(PredictionEngine<ModelInput, ModelOutput> engine, int featureCount)
{
    private readonly ModelInput input = new() { Features = new float[featureCount] };
    private ModelOutput output = new();

    /// <summary>The model's raw probability for <paramref name="features"/>, cast to float exactly as the gold loader casts.</summary>
    public float RawProbability(ReadOnlySpan<double> features)
    {
        var row = input.Features;
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = (float)features[i];
        }

        engine.Predict(input, ref output);
        return output.Probability;
    }
}
