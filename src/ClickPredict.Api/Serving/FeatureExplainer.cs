using System.Reflection;
using ClickPredict.Registry;
using ClickPredict.Training;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace ClickPredict.Api.Serving;

/// <summary>
/// Per-request feature contributions from ML.NET's FeatureContributionCalculation, which works for
/// the trainer's tree and linear models also when they come back from model.zip: the loaded
/// transformer keeps its concrete calibrated type, so the generic overload is closed over it by
/// reflection. Contributions are to the model's raw score (log-odds before calibration), not normalised;
/// for a model that normalises its input first they are computed on the normalised values.
/// </summary>
internal sealed class FeatureExplainer
{
    private readonly ObjectPool<ExplainSlot>? slots;

    private FeatureExplainer(ObjectPool<ExplainSlot>? slots) => this.slots = slots;

    public bool Available => slots is not null;

    public static FeatureExplainer For(MLContext ml, ITransformer model, ModelCard card)
    {
        var count = card.Features.Count;
        var estimator = Estimator(ml, model, count);
        if (estimator is null)
        {
            return new FeatureExplainer(null);
        }

        var empty = ml.Data.LoadFromEnumerable([new ModelInput { Features = new float[count] }], ModelSchema.InputSchema(count));
        var chain = new TransformerChain<ITransformer>(model, estimator.Fit(model.Transform(empty)));
        return new FeatureExplainer(new DefaultObjectPool<ExplainSlot>(new ExplainSlotPolicy(ml, chain, count), LoadedModel.MaxEngines));
    }

    /// <summary>Each feature's contribution to the raw score, in catalog order; null when the model type has no contribution calculation.</summary>
    public float[]? Contributions(ReadOnlySpan<double> features)
    {
        if (slots is null)
        {
            return null;
        }

        var slot = slots.Get();
        try
        {
            return slot.Contributions(features);
        }
        finally
        {
            slots.Return(slot);
        }
    }

    /// <summary>The calculator for the model's predictor: the model itself, or the last step of a chain (logistic regression normalises first).</summary>
    private static IEstimator<ITransformer>? Estimator(MLContext ml, ITransformer model, int count)
    {
        model = model is TransformerChain<ITransformer> chain ? chain.LastTransformer : model;
        if (model is ISingleFeaturePredictionTransformer<ICalculateFeatureContribution> plain)
        {
            return ml.Transforms.CalculateFeatureContribution(plain, count, count, normalize: false);
        }

        var parameters = model.GetType().GetProperty(nameof(ISingleFeaturePredictionTransformer<object>.Model))?.GetValue(model);
        var calibrated = parameters?.GetType();
        while (calibrated is not null && !(calibrated.IsGenericType && calibrated.GetGenericTypeDefinition() == typeof(CalibratedModelParametersBase<,>)))
        {
            calibrated = calibrated.BaseType;
        }

        if (calibrated is null || !typeof(ICalculateFeatureContribution).IsAssignableFrom(calibrated.GetGenericArguments()[0]))
        {
            return null;
        }

        var method = typeof(ExplainabilityCatalog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == nameof(ExplainabilityCatalog.CalculateFeatureContribution) && m.IsGenericMethodDefinition)
            .MakeGenericMethod(calibrated.GetGenericArguments());
        return (IEstimator<ITransformer>?)method.Invoke(null, [ml.Transforms, model, count, count, false]);
    }
}
