using ClickPredict.Registry;
using ClickPredict.Storage;
using Microsoft.ML;

namespace ClickPredict.Training;

/// <summary>A registered model scored again on the lake's examples from its own test window on.</summary>
internal sealed record ModelEvaluation(ModelCard Card, BinaryMetrics Test, bool SameData, DateTime From, DateTime To);

internal static class ModelEvaluator
{
    /// <summary>
    /// Scores the examples whose sessions start at or after the model's test window began, at the
    /// model's own threshold. On the data it was trained on this repeats the card's test metrics;
    /// on a newer lake it shows how the model holds up on sessions it never saw.
    /// </summary>
    public static ModelEvaluation Evaluate(Lake lake, ModelRegistry registry, string name, int version)
    {
        var ml = new MLContext(0);
        var model = RegisteredModel.Load(ml, registry, name, version);
        var card = model.Card;
        var (test, gold) = ExampleLoader.ModelWindow(lake, card, card.Data.Test.From, to: null);
        if (test.Count == 0)
        {
            throw new TrainingException($"The lake holds no examples from {card.Data.Test.From:yyyy-MM-dd HH:mm} on, where {name} v{version}'s test window starts.");
        }

        // The same session resamples as training drew (seeded by the card's seed), so the intervals repeat too.
        var metrics = new SessionBootstrap(test, card.Seed).Measure(new ScoredSet(model.Score(test), test.Labels()), card.Threshold.Value).Metrics;
        var to = EpochMicros.ToTime(test.SessionStartMicros(test.Count - 1) + 1);
        return new ModelEvaluation(card, metrics, gold.BuildId == card.Data.GoldBuildId, card.Data.Test.From, to);
    }
}
