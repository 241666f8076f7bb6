using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using ClickPredict.Api.Serving;
using ClickPredict.Monitoring;

namespace ClickPredict.Api.Monitoring;

/// <summary>
/// The API's own instruments (System.Diagnostics.Metrics, meter <see cref="MeterName"/>), exported by
/// OpenTelemetry: Prometheus at /metrics, OTLP when configured. The meter comes from this host's
/// <see cref="IMeterFactory"/>, so two hosts in one process (as in the tests) keep their own. Counts are
/// tallies the instruments observe, so the dashboard reads the very numbers a scrape sees. HTTP counts
/// and latency are ASP.NET Core's own <c>http.server.request.duration</c>, measured once.
/// </summary>
internal sealed class ServingMetrics
{
    public const string MeterName = "ClickPredict.Api";

    private readonly ConcurrentDictionary<(string Alias, string Decision), StrongBox<long>> predictions = new();
    private long logDropped;
    private long logWritten;
    private long driftFailures;
    private ServingState? loaded;
    private DriftReport? drift;
    private Func<DriftReport?>? latestDrift;

    public ServingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("clickpredict_predictions", ObservePredictions, description: "Sessions scored, by the alias that answered and the decision.");
        meter.CreateObservableGauge("clickpredict_model_version", ObserveVersions, description: "Loaded model version per alias (absent alias: no series).");
        meter.CreateObservableGauge("clickpredict_snapshot_users", () => Volatile.Read(ref loaded) is { } state ? [new Measurement<long>(state.Snapshot.UserCount)] : Array.Empty<Measurement<long>>(),
            description: "Users in the loaded online snapshot.");
        meter.CreateObservableCounter("clickpredict_prediction_log_dropped", () => Interlocked.Read(ref logDropped), description: "Prediction log rows dropped because the queue was full or the log failed.");
        meter.CreateObservableCounter("clickpredict_prediction_log_written", () => Interlocked.Read(ref logWritten), description: "Prediction log rows written to Parquet.");
        // No series until a drift report exists: a 0 would read as "no drift".
        meter.CreateObservableGauge("clickpredict_drift_drifted_feature_share", () => FromDrift(r => r.DriftedFeatureShare),
            description: "Share of the model's features at drift in the latest drift report.");
        meter.CreateObservableGauge("clickpredict_drift_score_psi", () => FromDrift(r => r.ScorePsi),
            description: "PSI of the model's scores in the latest drift report (absent when not computed).");
        meter.CreateObservableGauge("clickpredict_drift_feature_psi", ObserveFeaturePsi, description: "PSI per feature in the latest drift report.");
        meter.CreateObservableGauge("clickpredict_drift_verdict", () => FromDrift(r => (int)r.Verdict), description: "The latest drift report's verdict: 0 none, 1 warn, 2 drift.");
        meter.CreateObservableGauge("clickpredict_drift_computed_timestamp_seconds", () => FromDrift(r => r.ComputedAt.ToUnixTimeMilliseconds() / 1000.0),
            description: "When the latest drift report was computed (Unix time).");
        meter.CreateObservableCounter("clickpredict_drift_failures", () => Interlocked.Read(ref driftFailures), description: "Background or requested drift computations that failed.");
    }

    public void Predicted(string alias, string decision) =>
        Interlocked.Increment(ref predictions.GetOrAdd((alias, decision), static _ => new StrongBox<long>()).Value);

    /// <summary>Scored sessions since start by alias and decision: what <c>clickpredict_predictions_total</c> exports.</summary>
    public IEnumerable<(string Alias, string Decision, long Count)> Predictions() =>
        predictions.Select(p => (p.Key.Alias, p.Key.Decision, Interlocked.Read(ref p.Value.Value)));

    public void Loaded(ServingState state) => Volatile.Write(ref loaded, state);

    public void PredictionLogDropped(int rows = 1) => Interlocked.Add(ref logDropped, rows);

    public void PredictionLogWritten(int rows) => Interlocked.Add(ref logWritten, rows);

    public void Drift(DriftReport report) => Volatile.Write(ref drift, report);

    /// <summary>Asked on every collection, so a scrape shows a report the CLI saved even when nobody has asked the endpoint since.</summary>
    public void ReadDriftWith(Func<DriftReport?> latest) => latestDrift = latest;

    public void DriftFailed() => Interlocked.Increment(ref driftFailures);

    private IEnumerable<Measurement<long>> ObservePredictions() =>
        Predictions().Select(p => new Measurement<long>(p.Count, new("alias", p.Alias), new("decision", p.Decision)));

    private IEnumerable<Measurement<int>> ObserveVersions() =>
        Volatile.Read(ref loaded) is { } state
            ? state.Models().Select(m => new Measurement<int>(m.Model.Version, new("model", state.Name), new("alias", m.Alias))).ToList()
            : [];

    private IEnumerable<Measurement<double>> FromDrift(Func<DriftReport, double?> value) =>
        CurrentDrift() is { } report && value(report) is { } v ? [new Measurement<double>(v)] : [];

    private IEnumerable<Measurement<double>> ObserveFeaturePsi() =>
        CurrentDrift()?.Features.Select(f => new Measurement<double>(f.Psi, new KeyValuePair<string, object?>("feature", f.Feature))).ToList() ?? [];

    private DriftReport? CurrentDrift()
    {
        latestDrift?.Invoke();
        return Volatile.Read(ref drift);
    }
}
