using ClickPredict.Api.Configuration;
using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Monitoring;
using ClickPredict.Api.PredictionLog;
using ClickPredict.Api.Serving;
using ClickPredict.Features;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Predictions;

/// <summary>
/// Features, score, decision and (on request) explanation for one validated session, with the
/// same online computation and snapshot the features stage defines; every answer is counted and logged.
/// Each step is a span of <see cref="Telemetry.Source"/> (exported when OTLP is configured).
/// </summary>
internal sealed class SessionScorer(ServingMetrics metrics, PredictionLogWriter predictionLog, IOptions<LimitsOptions> limits, LiveState live)
{
    /// <summary>
    /// The answer, or null when the features or the score are not finite numbers: such an answer is never given or logged.
    /// <paramref name="record"/> is false only for the API's own warm-up, which is neither counted nor logged.
    /// </summary>
    public PredictionResponse? Score(ServingState state, string alias, LoadedModel model, string userId, SessionEvent[] events, bool explain, bool record = true)
    {
        var features = new double[OnlineFeatures.Count];
        using (Telemetry.Source.StartActivity("prediction.features"))
        {
            // History strictly before the session's start: the snapshot plus the events posted since (LiveState).
            var history = live.For(state.Snapshot);
            var start = EpochMicros.Of(events[0].Time);
            var reads = history.Read(userId, events[^1].ItemId, events[^1].Category, start);
            OnlineFeatures.Compute(events, reads.User, reads.Item, reads.Category, features);
        }

        double probability;
        using (Telemetry.Source.StartActivity("prediction.score"))
        {
            probability = model.Score(features);
        }

        var contributions = explain ? Explain(model, features) : null;
        if (!double.IsFinite(probability) || !AllFinite(features) || contributions?.Exists(c => !double.IsFinite(c.Contribution)) == true)
        {
            return null;
        }

        var purchase = probability >= model.Threshold;
        var decision = purchase ? PredictionResponse.Purchase : PredictionResponse.NoPurchase;
        if (record)
        {
            using var logging = Telemetry.Source.StartActivity("prediction.log");
            metrics.Predicted(alias, decision);
            predictionLog.TryAppend(new PredictionRecord(
                DateTimeOffset.UtcNow, userId, events.Length, events[^1].Time, state.Name, model.Version, alias, state.Snapshot.BuildId,
                probability, model.Threshold, purchase, features));
        }

        return new PredictionResponse(
            probability, decision, model.Threshold, new ModelRef(state.Name, model.Version, alias), model.Card.FeatureSetVersion,
            contributions);
    }

    private static bool AllFinite(double[] values) => Array.TrueForAll(values, double.IsFinite);

    private List<FeatureContribution> Explain(LoadedModel model, double[] features)
    {
        var contributions = model.Explainer.Contributions(features);
        if (contributions is null)
        {
            return [];
        }

        return [.. Enumerable.Range(0, features.Length)
            .Where(i => contributions[i] != 0)
            .OrderByDescending(i => Math.Abs(contributions[i]))
            .Take(limits.Value.ExplainTop)
            .Select(i => new FeatureContribution(model.Card.Features[i], features[i], contributions[i]))];
    }
}
