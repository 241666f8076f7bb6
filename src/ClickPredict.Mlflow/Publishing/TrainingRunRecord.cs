using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ClickPredict.Mlflow.Publishing;

/// <summary>
/// Everything one training logs to MLflow: a parent run, its child runs and an optional model registration.
/// Plain data, serializable to JSON, so it can wait in <see cref="PendingRuns"/> and be replayed.
/// </summary>
public sealed partial record TrainingRunRecord
{
    /// <summary>Tag that carries each run's idempotency key on the server.</summary>
    public const string RunKeyTag = "clickpredict.run_key";

    /// <summary>Experiment to log to; created when missing.</summary>
    public required string ExperimentName { get; init; }

    /// <summary>The parent run (one per training). Its <see cref="RunRecord.Key"/> is the record's <see cref="RunKey"/>.</summary>
    public required RunRecord Parent { get; init; }

    /// <summary>Child runs (one per trainer × strategy), each with a key unique within the record.</summary>
    public IReadOnlyList<RunRecord> Children { get => field ?? []; init; }

    /// <summary>The model version to register, if any.</summary>
    public ModelRegistration? Model { get; init; }

    /// <summary>The idempotency key of the whole record: the parent's key.</summary>
    [JsonIgnore]
    public string RunKey => Parent.Key;

    /// <summary>
    /// What is wrong with the record, empty when it can be published: keys (letters, digits, <c>. _ - :</c>, at most
    /// 200 characters, unique), MLflow's value limits, finite metrics, existing artifact files, and a model
    /// registration that names one of the record's runs.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ExperimentName))
            problems.Add("the experiment name is empty");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in Children.Prepend(Parent))
        {
            if (run.Key is null || !KeyPattern().IsMatch(run.Key))
                problems.Add($"run key '{run.Key}' must be 1–200 letters, digits, '.', '_', '-' or ':'");
            else if (!keys.Add(run.Key))
                problems.Add($"run key '{run.Key}' is used twice");
            var tags = run.Tags.Select(t => new RunTag(t.Key, t.Value)).ToList();
            var @params = run.Params.Select(p => new Param(p.Key, p.Value)).ToList();
            problems.AddRange(RunValues.Problems(run.Metrics, @params, tags).Select(p => $"run '{run.Key}': {p}"));
            foreach (var artifact in run.Artifacts.Where(a => !File.Exists(a.LocalPath)))
                problems.Add($"run '{run.Key}': artifact file '{artifact.LocalPath}' does not exist");
        }
        if (Model is { } model && !keys.Contains(model.RunKey))
            problems.Add($"the model registration names run '{model.RunKey}', which is not in the record");
        if (Model is { } m && (string.IsNullOrWhiteSpace(m.Name) || m.Name.Contains('\'', StringComparison.Ordinal)))
            problems.Add($"the registered model name '{m.Name}' is empty or has a quote");
        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,200}$")]
    private static partial Regex KeyPattern();
}

/// <summary>One run to log: a parent or a child.</summary>
public sealed record RunRecord
{
    /// <summary>Idempotency key, stored as the tag <see cref="TrainingRunRecord.RunKeyTag"/>; replaying never creates a second run with it.</summary>
    public required string Key { get; init; }

    /// <summary>Display name of the run.</summary>
    public required string Name { get; init; }

    /// <summary>Start time, Unix milliseconds.</summary>
    public long StartTime { get; init; }

    /// <summary>End time, Unix milliseconds.</summary>
    public long EndTime { get; init; }

    /// <summary>Final status.</summary>
    public RunStatus Status { get; init; } = RunStatus.Finished;

    /// <summary>Params (write-once in MLflow).</summary>
    public IReadOnlyDictionary<string, string> Params { get => field ?? new Dictionary<string, string>(); init; }

    /// <summary>Tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get => field ?? new Dictionary<string, string>(); init; }

    /// <summary>Metric values with their timestamp and step, fixed when the record is made so a replay sends identical values (the server keeps one copy).</summary>
    public IReadOnlyList<Metric> Metrics { get => field ?? []; init; }

    /// <summary>Files to upload.</summary>
    public IReadOnlyList<ArtifactUpload> Artifacts { get => field ?? []; init; }
}

/// <summary>A local file and where it goes under the run's artifacts.</summary>
/// <param name="LocalPath">File on this machine; it must still exist when a pending run is replayed.</param>
/// <param name="ArtifactPath">Path under the run's artifacts, for example <c>model/model.zip</c>.</param>
public sealed record ArtifactUpload(string LocalPath, string ArtifactPath);

/// <summary>Registers a model logged by one of the record's runs as a new version, and points an alias at it.</summary>
/// <param name="Name">Registered model name; created when missing.</param>
/// <param name="RunKey">Key of the run whose artifacts hold the model (the parent's or a child's).</param>
/// <param name="ArtifactPath">Folder under that run's artifacts with the model files, for example <c>model</c>.</param>
/// <param name="Alias">Alias to set on the version (<c>champion</c> or <c>challenger</c>), if any.</param>
/// <param name="Description">Version description.</param>
public sealed record ModelRegistration(string Name, string RunKey, string ArtifactPath, string? Alias = null, string? Description = null);

/// <summary>Where a record ended up in MLflow.</summary>
/// <param name="RunKey">The record's key.</param>
/// <param name="ExperimentId">Experiment id.</param>
/// <param name="ParentRunId">MLflow run id of the parent run.</param>
/// <param name="ChildRunIds">MLflow run id of each child, by child key.</param>
/// <param name="ModelVersion">The registered version, if the record had a registration.</param>
public sealed record PublishedRun(string RunKey, string ExperimentId, string ParentRunId, IReadOnlyDictionary<string, string> ChildRunIds,
    ModelVersion? ModelVersion);
