using System.Collections.Concurrent;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Serving;
using ClickPredict.Features;
using ClickPredict.Storage;
using ClickPredict.Training;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Dashboard;

/// <summary>A model's scores on its own test window, as the training run saw that window: the honest "training" side of the score chart.</summary>
internal sealed record TestWindowScores(ScoreHistogram Scores, DateTime From, DateTime To, string GoldBuildId, bool SameGold);

/// <summary>
/// Scores each served champion once on the lake's examples of its test window, off the request path;
/// until that is done (seconds on a large lake) the page says so instead of waiting.
/// </summary>
internal sealed class ReferenceScores(IOptions<ServingOptions> options, ILogger<ReferenceScores> log)
{
    private readonly ConcurrentDictionary<(string Name, int Version), Task<TestWindowScores?>> scored = new();

    /// <summary>The model's test-window scores, or null while they are being computed or when the lake cannot give them.</summary>
    public TestWindowScores? For(LoadedModel model)
    {
        var task = scored.GetOrAdd((model.Card.Name, model.Version), _ => Task.Run(() => Score(model)));
        return task.IsCompletedSuccessfully ? task.Result : null;
    }

    private TestWindowScores? Score(LoadedModel model)
    {
        var card = model.Card;
        try
        {
            var window = card.Data.Test;
            var (test, gold) = ExampleLoader.ModelWindow(new Lake(options.Value.LakeFolder), card, window.From, window.To);
            var scores = BatchScorer.Score(model.Model, card.Correction(), test);
            return new TestWindowScores(ScoreHistogram.Of(scores), window.From, window.To, gold.BuildId, gold.BuildId == card.Data.GoldBuildId);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or TrainingException or FeaturesException)
        {
            log.LogWarning("No reference scores for {Model} v{Version}: {Reason}", card.Name, card.Version, e.Message);
            return null;
        }
    }

}
