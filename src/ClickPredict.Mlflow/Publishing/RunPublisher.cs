namespace ClickPredict.Mlflow.Publishing;

/// <summary>
/// Logs a <see cref="TrainingRunRecord"/> to MLflow idempotently: every run is looked up by its key tag
/// before it is created and the model version by its run before it is registered, so publishing the same
/// record again (after a failure half-way) completes it without creating anything twice.
/// </summary>
/// <param name="client">The client to publish with.</param>
public sealed class RunPublisher(MlflowClient client)
{
    private const string ParentRunIdTag = "mlflow.parentRunId";
    private const int ChildConcurrency = 4;

    /// <summary>The client this publisher uses.</summary>
    public MlflowClient Client => client;

    /// <summary>
    /// Publishes the record: experiment, parent run (params, tags, metrics by log-batch, artifacts), child runs,
    /// model version and alias, then ends the parent run, which marks the record complete.
    /// </summary>
    /// <exception cref="MlflowPublishException">A step failed (named in the message); no later step was started. Publishing the record again resumes it.</exception>
    public async Task<PublishedRun> PublishAsync(TrainingRunRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var problems = record.Problems();
        if (problems.Count > 0)
            throw new MlflowPublishException(record.RunKey, "checking the record", RunValues.Invalid(string.Join("; ", problems.Take(5))));

        var step = $"experiment '{record.ExperimentName}'";
        try
        {
            var experimentId = await client.GetOrCreateExperimentAsync(record.ExperimentName, ct);

            step = "finding the parent run";
            var parents = await FindByKeyAsync(experimentId, $"tags.`{TrainingRunRecord.RunKeyTag}` = '{record.RunKey}'", ct);
            var parent = parents.GetValueOrDefault(record.RunKey);
            if (parent is null)
            {
                step = "creating the parent run";
                parent = await CreateAsync(experimentId, record.Parent, parentRunId: null, ct);
            }
            var complete = parent.Info.Status != RunStatus.Running;
            if (!complete)
            {
                step = "logging the parent run";
                await LogAsync(parent, record.Parent, terminate: false, ct);
            }

            step = "finding the child runs";
            var children = await FindByKeyAsync(experimentId, $"tags.`{ParentRunIdTag}` = '{parent.Info.RunId}'", ct);
            var runIds = new System.Collections.Concurrent.ConcurrentDictionary<string, Run>(StringComparer.Ordinal) { [record.RunKey] = parent };
            // Children are independent, and a tracking server serves several requests at once (mlflow server
            // runs 4 workers by default), so a few go in parallel.
            step = "child runs";
            await Parallel.ForEachAsync(record.Children, new ParallelOptions { MaxDegreeOfParallelism = ChildConcurrency, CancellationToken = ct },
                async (child, token) => runIds[child.Key] = await PublishChildAsync(record.RunKey, experimentId, parent.Info.RunId,
                    child, children.GetValueOrDefault(child.Key), token));

            ModelVersion? version = null;
            if (record.Model is { } model)
            {
                step = $"registering model '{model.Name}'";
                version = await RegisterAsync(model, runIds[model.RunKey], ct);
            }

            if (!complete)
            {
                step = "ending the parent run";
                await client.TerminateRunAsync(parent.Info.RunId, Final(record.Parent.Status), EndTime(record.Parent), ct);
            }
            return new PublishedRun(record.RunKey, experimentId, parent.Info.RunId,
                record.Children.ToDictionary(c => c.Key, c => runIds[c.Key].Info.RunId, StringComparer.Ordinal), version);
        }
        catch (Exception ex) when (IsTrackingFailure(ex))
        {
            throw AtStep(record.RunKey, step, ex);
        }
    }

    /// <summary>
    /// Publishes the record, or keeps it in <paramref name="pending"/> with what failed. Never throws for a tracking
    /// failure (only for cancellation), so a training never fails because of MLflow.
    /// </summary>
    public async Task<PublishOutcome> PublishOrKeepPendingAsync(TrainingRunRecord record, PendingRuns pending, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(pending);
        try
        {
            var published = await PublishAsync(record, ct);
            await pending.RemoveAsync(record.RunKey);
            return PublishOutcome.Done(published);
        }
        catch (MlflowException ex)
        {
            var file = await pending.SaveAsync(record, ex.Message, ct);
            return PublishOutcome.Kept(record.RunKey, ex.Message, file);
        }
    }

    private async Task<Run> PublishChildAsync(string runKey, string experimentId, string parentRunId, RunRecord child, Run? existing,
        CancellationToken ct)
    {
        var step = $"creating child run '{child.Key}'";
        try
        {
            var run = existing ?? await CreateAsync(experimentId, child, parentRunId, ct);
            if (run.Info.Status == RunStatus.Running)
            {
                step = $"logging child run '{child.Key}'";
                await LogAsync(run, child, terminate: true, ct);
            }
            return run;
        }
        catch (Exception ex) when (IsTrackingFailure(ex))
        {
            throw AtStep(runKey, step, ex);
        }
    }

    /// <summary>Runs in the experiment matching the filter, by their key tag.</summary>
    private async Task<Dictionary<string, Run>> FindByKeyAsync(string experimentId, string filter, CancellationToken ct)
    {
        var found = new Dictionary<string, Run>(StringComparer.Ordinal);
        await foreach (var run in client.SearchAllRunsAsync([experimentId], filter, ct: ct))
        {
            if (run.Tag(TrainingRunRecord.RunKeyTag) is { } key)
                found.TryAdd(key, run);
        }
        return found;
    }

    private async Task<Run> CreateAsync(string experimentId, RunRecord run, string? parentRunId, CancellationToken ct)
    {
        List<RunTag> tags = [new(TrainingRunRecord.RunKeyTag, run.Key)];
        if (parentRunId is not null)
            tags.Add(new(ParentRunIdTag, parentRunId));
        return await client.CreateRunAsync(experimentId, run.Name, tags, run.StartTime > 0 ? run.StartTime : null, ct: ct);
    }

    /// <summary>Logs a run's values and artifacts; params already on the server are not sent again (they are write-once).</summary>
    private async Task LogAsync(Run run, RunRecord record, bool terminate, CancellationToken ct)
    {
        var logged = run.Data.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var @params = record.Params.Where(p => !logged.TryGetValue(p.Key, out var v) || v != p.Value).Select(p => new Param(p.Key, p.Value)).ToList();
        var tags = record.Tags.Select(t => new RunTag(t.Key, t.Value)).ToList();
        await client.LogBatchAsync(run.Info.RunId, record.Metrics, @params, tags, ct);
        foreach (var artifact in record.Artifacts)
            await client.UploadArtifactAsync(ArtifactUri(run), artifact.LocalPath, artifact.ArtifactPath, ct);
        if (terminate)
            await client.TerminateRunAsync(run.Info.RunId, Final(record.Status), EndTime(record), ct);
    }

    private async Task<ModelVersion> RegisterAsync(ModelRegistration model, Run run, CancellationToken ct)
    {
        if (await client.GetRegisteredModelAsync(model.Name, ct) is null)
        {
            try
            {
                await client.CreateRegisteredModelAsync(model.Name, ct: ct);
            }
            catch (MlflowException ex) when (ex.IsAlreadyExists)
            {
            }
        }
        var source = ArtifactUri(run).TrimEnd('/') + "/" + model.ArtifactPath.Trim('/');
        var existing = await client.SearchModelVersionsAsync($"name = '{model.Name}' and run_id = '{run.Info.RunId}'", ct: ct);
        var version = existing.Items.FirstOrDefault(v => v.Source == source)
            ?? await client.CreateModelVersionAsync(model.Name, source, run.Info.RunId, model.Description, ct: ct);
        if (model.Alias is { } alias)
        {
            await client.SetAliasAsync(model.Name, alias, version.Version, ct);
            version = version with { Aliases = [.. version.Aliases.Where(a => a != alias), alias] };
        }
        return version;
    }

    /// <summary>A failure of the server or of reading an artifact file, not yet tied to a step.</summary>
    private static bool IsTrackingFailure(Exception ex) =>
        ex is MlflowException and not MlflowPublishException or IOException or UnauthorizedAccessException;

    private static MlflowPublishException AtStep(string runKey, string step, Exception ex) =>
        new(runKey, step, ex as MlflowException ?? new MlflowException(ex.Message, ex));

    private static string ArtifactUri(Run run) =>
        run.Info.ArtifactUri ?? throw new MlflowException($"MLflow run {run.Info.RunId} has no artifact_uri.");

    private static RunStatus Final(RunStatus status) => status is RunStatus.Running or RunStatus.Scheduled ? RunStatus.Finished : status;

    private static long? EndTime(RunRecord run) => run.EndTime > 0 ? run.EndTime : null;
}

/// <summary>What <see cref="RunPublisher.PublishOrKeepPendingAsync"/> did.</summary>
/// <param name="RunKey">The record's key.</param>
/// <param name="Run">Where it went, when published.</param>
/// <param name="Failure">Why it was not published, when kept.</param>
/// <param name="PendingFile">The file it waits in, when kept.</param>
public sealed record PublishOutcome(string RunKey, PublishedRun? Run, string? Failure, string? PendingFile)
{
    /// <summary>Whether the record is in MLflow.</summary>
    public bool Published => Run is not null;

    /// <summary>One line for the log.</summary>
    public string Summary => Run is { } run
        ? $"MLflow: logged run '{RunKey}' as {run.ParentRunId} with {run.ChildRunIds.Count} child run(s) in experiment {run.ExperimentId}"
          + (run.ModelVersion is { } v ? $"; model '{v.Name}' version {v.Version}" + (v.Aliases.Count > 0 ? $" ({string.Join(", ", v.Aliases)})" : "") : "")
        : $"MLflow: run '{RunKey}' was not logged and is kept as pending in {PendingFile}; `clickpredict runs sync` replays it. {Failure}";

    internal static PublishOutcome Done(PublishedRun run) => new(run.RunKey, run, null, null);

    internal static PublishOutcome Kept(string runKey, string failure, string file) => new(runKey, null, failure, file);
}
