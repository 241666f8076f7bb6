using ClickPredict.Training;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace ClickPredict.Api.Serving;

/// <summary>What the model plus the contribution calculator answer for one row.</summary>
internal sealed class ExplainedOutput
{
    public float Probability { get; set; }

    public float[] FeatureContributions { get; set; } = [];
}

/// <summary>A prediction engine over model + contribution calculator, used by one request at a time.</summary>
internal sealed class ExplainSlot(PredictionEngine<ModelInput, ExplainedOutput> engine, int featureCount)
{
    private readonly ModelInput input = new() { Features = new float[featureCount] };

    public float[] Contributions(ReadOnlySpan<double> features)
    {
        for (var i = 0; i < input.Features.Length; i++)
        {
            input.Features[i] = (float)features[i];
        }

        return [.. engine.Predict(input).FeatureContributions];
    }
}

internal sealed class ExplainSlotPolicy(MLContext ml, ITransformer chain, int featureCount) : PooledObjectPolicy<ExplainSlot>
{
    private readonly Lock creating = new();

    public override ExplainSlot Create()
    {
        lock (creating)
        {
            return new ExplainSlot(
                ml.Model.CreatePredictionEngine<ModelInput, ExplainedOutput>(chain, ignoreMissingColumns: true, inputSchemaDefinition: ModelSchema.InputSchema(featureCount)),
                featureCount);
        }
    }

    public override bool Return(ExplainSlot obj) => true;
}
