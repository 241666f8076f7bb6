using ClickPredict.Features;
using ClickPredict.Registry;
using ClickPredict.Training;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace ClickPredict.Api.Serving;

/// <summary>
/// A registered model version ready to score: its card, its pool of prediction engines and its
/// explainer. Immutable; a reload builds a new one and the old one is collected once no request holds it.
/// </summary>
internal sealed class LoadedModel
{
    public const int MaxEngines = 256;

    private readonly ObjectPool<ScoringSlot> slots;
    private readonly ScoreCorrection correction;

    private LoadedModel(ModelCard card, ITransformer model, ObjectPool<ScoringSlot> slots, FeatureExplainer explainer)
    {
        Card = card;
        Model = model;
        this.slots = slots;
        correction = card.Correction();
        Explainer = explainer;
    }

    public ModelCard Card { get; }

    public ITransformer Model { get; }

    public FeatureExplainer Explainer { get; }

    public int Version => Card.Version;

    public double Threshold => Card.Threshold.Value;

    public static LoadedModel Load(MLContext ml, ModelRegistry registry, string name, int version, int engines)
    {
        var registered = RegisteredModel.Load(ml, registry, name, version);
        var card = registered.Card;
        if (card.FeatureSetVersion != FeatureSetVersion.Current || !card.Features.SequenceEqual(FeatureCatalog.Names))
        {
            throw new RegistryException(
                $"{name} v{version} was trained on feature set {card.FeatureSetVersion}, but this build computes {FeatureSetVersion.Current}; retrain it before serving.");
        }

        // Keep every engine ever created: a pool that drops its extras re-creates engines (milliseconds each)
        // whenever more requests than `engines` are scoring at once, which a loaded 2-core box does often.
        var slots = new DefaultObjectPool<ScoringSlot>(new ScoringSlotPolicy(ml, registered.Model, card.Features.Count), MaxEngines);
        var warm = Enumerable.Range(0, engines).Select(_ => slots.Get()).ToList();
        warm.ForEach(slots.Return);
        return new LoadedModel(card, registered.Model, slots, FeatureExplainer.For(ml, registered.Model, card));
    }

    /// <summary>The corrected probability of <paramref name="features"/>: what the trainer's batch scoring gives for the same row.</summary>
    public double Score(ReadOnlySpan<double> features)
    {
        var slot = slots.Get();
        try
        {
            return correction.Apply(slot.RawProbability(features));
        }
        finally
        {
            slots.Return(slot);
        }
    }
}
