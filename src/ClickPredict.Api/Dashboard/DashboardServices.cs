using ClickPredict.Api.Configuration;
using ClickPredict.Api.Serving;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Dashboard;

/// <summary>What the dashboard reads from: the served models, the API's counters, the prediction log, the monitoring results.</summary>
internal sealed record DashboardServices(
    ModelHost Host,
    IOptions<ServingOptions> Serving,
    LiveTraffic Traffic,
    DecisionMix Decisions,
    LoggedScores Logged,
    ReferenceScores Reference,
    ScoreChart Chart,
    MonitoringPanels Monitoring,
    TimeProvider Clock);
