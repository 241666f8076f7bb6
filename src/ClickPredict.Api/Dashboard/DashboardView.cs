using ClickPredict.Api.Serving;

namespace ClickPredict.Api.Dashboard;

/// <summary>Everything one render of the dashboard shows, gathered before any HTML is written.</summary>
internal sealed record DashboardView(
    DateTimeOffset Now,
    string ModelName,
    ServingState? State,
    DateTimeOffset ListeningSince,
    TrafficSummary Traffic,
    IReadOnlyList<DecisionCount> Decisions,
    ScoreHistogram Today,
    int TodayFiles,
    string? PredictionLogFolder,
    TestWindowScores? Reference,
    string? ScoreChartSvg,
    MonitoringSnapshot Monitoring)
{
    /// <summary>Recent versions rejected at training (newest first): registered for inspection, never served.</summary>
    public IReadOnlyList<ClickPredict.Registry.ModelCard> Rejected { get; init; } = [];
}
