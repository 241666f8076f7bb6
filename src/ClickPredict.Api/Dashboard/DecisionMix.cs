using ClickPredict.Api.Monitoring;
using Prometheus;

namespace ClickPredict.Api.Dashboard;

/// <summary>Scored sessions since start by the alias that answered and the decision.</summary>
internal sealed record DecisionCount(string Alias, string Decision, long Count);

/// <summary>
/// Reads the API's <c>clickpredict_predictions_total</c> counter. prometheus-net hands back the
/// collector already registered under a name when it is created again with the same labels, so this
/// is the very counter the prediction endpoints increment, read without parsing /metrics.
/// </summary>
internal sealed class DecisionMix(ServingMetrics metrics)
{
    private readonly Counter predictions = Metrics.WithCustomRegistry(metrics.Registry)
        .CreateCounter("clickpredict_predictions_total", "Sessions scored, by the alias that answered and the decision.", "alias", "decision");

    public IReadOnlyList<DecisionCount> Counts() =>
        [.. predictions.GetAllLabelValues()
            .Select(l => new DecisionCount(l[0], l[1], (long)predictions.WithLabels(l).Value))
            .OrderBy(c => c.Alias, StringComparer.Ordinal).ThenBy(c => c.Decision, StringComparer.Ordinal)];
}
