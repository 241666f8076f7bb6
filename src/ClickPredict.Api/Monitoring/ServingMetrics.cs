using ClickPredict.Api.Serving;
using Prometheus;

namespace ClickPredict.Api.Monitoring;

/// <summary>
/// The API's Prometheus metrics, in a registry of its own (not prometheus-net's static one) so two
/// hosts in one process, as in the tests, do not share counters. HTTP request counts and the latency
/// histogram come from prometheus-net's middleware on the same registry.
/// </summary>
internal sealed class ServingMetrics
{
    private readonly Counter predictions;
    private readonly Gauge modelVersion;
    private readonly Gauge snapshotUsers;
    private readonly Counter logDropped;
    private readonly Counter logWritten;

    public ServingMetrics()
    {
        var metrics = Prometheus.Metrics.WithCustomRegistry(Registry);
        predictions = metrics.CreateCounter("clickpredict_predictions_total", "Sessions scored, by the alias that answered and the decision.", "alias", "decision");
        modelVersion = metrics.CreateGauge("clickpredict_model_version", "Loaded model version per alias (absent alias: no series).", "model", "alias");
        snapshotUsers = metrics.CreateGauge("clickpredict_snapshot_users", "Users in the loaded online snapshot.");
        logDropped = metrics.CreateCounter("clickpredict_prediction_log_dropped_total", "Prediction log rows dropped because the queue was full or the log failed.");
        logWritten = metrics.CreateCounter("clickpredict_prediction_log_written_total", "Prediction log rows written to Parquet.");
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public void Predicted(string alias, string decision) => predictions.WithLabels(alias, decision).Inc();

    public void Loaded(ServingState state)
    {
        foreach (var labels in modelVersion.GetAllLabelValues().ToList())
        {
            modelVersion.RemoveLabelled(labels);
        }

        foreach (var (alias, model) in state.Models())
        {
            modelVersion.WithLabels(state.Name, alias).Set(model.Version);
        }

        snapshotUsers.Set(state.Snapshot.UserCount);
    }

    public void PredictionLogDropped() => logDropped.Inc();

    public void PredictionLogWritten(int rows) => logWritten.Inc(rows);
}
