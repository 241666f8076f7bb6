using ClickPredict.Api.Monitoring;

namespace ClickPredict.Api.Dashboard;

/// <summary>Scored sessions since start by the alias that answered and the decision.</summary>
internal sealed record DecisionCount(string Alias, string Decision, long Count);

/// <summary>Reads the tallies behind <c>clickpredict_predictions_total</c>: the very counts a scrape exports, without parsing /metrics.</summary>
internal sealed class DecisionMix(ServingMetrics metrics)
{
    public IReadOnlyList<DecisionCount> Counts() =>
        [.. metrics.Predictions()
            .Select(p => new DecisionCount(p.Alias, p.Decision, p.Count))
            .OrderBy(c => c.Alias, StringComparer.Ordinal).ThenBy(c => c.Decision, StringComparer.Ordinal)];
}
