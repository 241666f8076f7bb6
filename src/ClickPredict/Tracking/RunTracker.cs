using ClickPredict.Mlflow;
using ClickPredict.Mlflow.Publishing;
using ClickPredict.Registry;
using ClickPredict.Training;

namespace ClickPredict.Tracking;

/// <summary>
/// Logs a registered training run to MLflow when a tracking server is configured, or keeps it pending
/// beside the registry (<c>&lt;models&gt;/.pending-runs</c>) with what failed; never fails the training.
/// A published run's id is written into the version's model.json.
/// </summary>
internal sealed class RunTracker(ModelRegistry registry, MlflowClientOptions tracking)
{
    public string PendingFolder => Path.Combine(registry.Root, ".pending-runs");

    public async Task<PublishOutcome> TrackAsync(RegistrationResult registered, TrainingResult result, TrainOptions options, CancellationToken ct = default)
    {
        var record = TrainingRunLog.Build(registered, result, options, tracking.ExperimentName ?? TrainingRunLog.DefaultExperiment, DateTimeOffset.UtcNow);
        using var client = new MlflowClient(tracking);
        var outcome = await new RunPublisher(client).PublishOrKeepPendingAsync(record, new PendingRuns(PendingFolder), ct);
        if (outcome.Run is { } run)
        {
            registry.UpdateCard(registered.Card with { MlflowRunId = run.ParentRunId });
        }

        return outcome;
    }

    /// <summary>Replays pending runs; each one published gets its MLflow run id in its model.json.</summary>
    public async Task<SyncReport> SyncAsync(CancellationToken ct = default)
    {
        var pending = new PendingRuns(PendingFolder);
        var versions = pending.List().ToDictionary(p => p.Record.RunKey, p => p.Record.Parent.Tags);
        using var client = new MlflowClient(tracking);
        var report = await pending.SyncAsync(new RunPublisher(client), ct);
        foreach (var run in report.Published)
        {
            if (versions.TryGetValue(run.RunKey, out var tags)
                && tags.TryGetValue("clickpredict.model", out var name)
                && tags.TryGetValue("clickpredict.version", out var v) && int.TryParse(v, out var version)
                && registry.Versions(name).Contains(version))
            {
                registry.UpdateCard(registry.Card(name, version) with { MlflowRunId = run.ParentRunId });
            }
        }

        return report;
    }
}
