using ClickPredict.Api.Serving;
using ClickPredict.Monitoring;
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
    private readonly Gauge driftedShare;
    private readonly Gauge scorePsi;
    private readonly Gauge featurePsi;
    private readonly Gauge verdict;
    private readonly Gauge driftComputedAt;
    private readonly Counter driftFailures;

    public ServingMetrics()
    {
        var metrics = Prometheus.Metrics.WithCustomRegistry(Registry);
        predictions = metrics.CreateCounter("clickpredict_predictions_total", "Sessions scored, by the alias that answered and the decision.", "alias", "decision");
        modelVersion = metrics.CreateGauge("clickpredict_model_version", "Loaded model version per alias (absent alias: no series).", "model", "alias");
        snapshotUsers = metrics.CreateGauge("clickpredict_snapshot_users", "Users in the loaded online snapshot.");
        logDropped = metrics.CreateCounter("clickpredict_prediction_log_dropped_total", "Prediction log rows dropped because the queue was full or the log failed.");
        logWritten = metrics.CreateCounter("clickpredict_prediction_log_written_total", "Prediction log rows written to Parquet.");
        // No series until a drift report exists: a 0 would read as "no drift".
        var untilSet = new GaugeConfiguration { SuppressInitialValue = true };
        driftedShare = metrics.CreateGauge("clickpredict_drift_drifted_feature_share", "Share of the model's features at drift in the latest drift report.", untilSet);
        scorePsi = metrics.CreateGauge("clickpredict_drift_score_psi", "PSI of the model's scores in the latest drift report (absent when not computed).", untilSet);
        featurePsi = metrics.CreateGauge("clickpredict_drift_feature_psi", "PSI per feature in the latest drift report.", "feature");
        verdict = metrics.CreateGauge("clickpredict_drift_verdict", "The latest drift report's verdict: 0 none, 1 warn, 2 drift.", untilSet);
        driftComputedAt = metrics.CreateGauge("clickpredict_drift_computed_timestamp_seconds", "When the latest drift report was computed (Unix time).", untilSet);
        driftFailures = metrics.CreateCounter("clickpredict_drift_failures_total", "Background or requested drift computations that failed.");
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

    public void Drift(DriftReport report)
    {
        driftedShare.Set(report.DriftedFeatureShare);
        if (report.ScorePsi is { } psi)
        {
            scorePsi.Set(psi);
        }
        else
        {
            scorePsi.Unpublish();
        }

        var features = report.Features.Select(f => f.Feature).ToHashSet(StringComparer.Ordinal);
        foreach (var labels in featurePsi.GetAllLabelValues().Where(l => !features.Contains(l[0])).ToList())
        {
            featurePsi.RemoveLabelled(labels);
        }

        foreach (var feature in report.Features)
        {
            featurePsi.WithLabels(feature.Feature).Set(feature.Psi);
        }

        verdict.Set((int)report.Verdict);
        driftComputedAt.Set(report.ComputedAt.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void DriftFailed() => driftFailures.Inc();
}
