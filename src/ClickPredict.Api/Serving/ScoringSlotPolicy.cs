using ClickPredict.Training;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace ClickPredict.Api.Serving;

/// <summary>Creates prediction engines for one model; creation is serialised because it goes through the shared MLContext.</summary>
internal sealed class ScoringSlotPolicy(MLContext ml, ITransformer model, int featureCount) : PooledObjectPolicy<ScoringSlot>
{
    private readonly Lock creating = new();

    public override ScoringSlot Create()
    {
        lock (creating)
        {
            var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(
                model, ignoreMissingColumns: true, inputSchemaDefinition: ModelSchema.InputSchema(featureCount));
            return new ScoringSlot(engine, featureCount);
        }
    }

    public override bool Return(ScoringSlot obj) => true;
}
