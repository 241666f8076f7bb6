using System.Text.Json.Serialization;
using ClickPredict.Mlflow.Wire;

namespace ClickPredict.Mlflow;

/// <summary>An MLflow experiment. Fields the server leaves out (at their default) read as <c>null</c> or empty.</summary>
public sealed record Experiment
{
    /// <summary>Server-assigned id (a string, for example <c>"0"</c>).</summary>
    public string ExperimentId { get => field ?? ""; init; }
    /// <summary>Unique name.</summary>
    public string Name { get => field ?? ""; init; }
    /// <summary>Where the runs' artifacts go, for example <c>mlflow-artifacts:/1</c>.</summary>
    public string? ArtifactLocation { get; init; }
    /// <summary><c>active</c> or <c>deleted</c>.</summary>
    public string? LifecycleStage { get; init; }
    /// <summary>Creation time, Unix milliseconds.</summary>
    public long? CreationTime { get; init; }
    /// <summary>Last update time, Unix milliseconds.</summary>
    public long? LastUpdateTime { get; init; }
    /// <summary>Experiment tags.</summary>
    public IReadOnlyList<RunTag> Tags { get => field ?? []; init; }
}

/// <summary>A run: its info and the data logged to it.</summary>
public sealed record Run
{
    /// <summary>Ids, status, times and artifact location.</summary>
    public RunInfo Info { get => field ?? new(); init; }
    /// <summary>Latest metric values, params and tags.</summary>
    public RunData Data { get => field ?? new(); init; }

    /// <summary>The value of tag <paramref name="key"/>, or <c>null</c>.</summary>
    public string? Tag(string key) => Data.Tags.FirstOrDefault(t => t.Key == key)?.Value;
}

/// <summary>Metadata of a run.</summary>
public sealed record RunInfo
{
    /// <summary>Run id.</summary>
    public string RunId { get => field ?? ""; init; }
    /// <summary>Display name.</summary>
    public string? RunName { get; init; }
    /// <summary>Experiment the run belongs to.</summary>
    public string ExperimentId { get => field ?? ""; init; }
    /// <summary>User that created the run.</summary>
    public string? UserId { get; init; }
    /// <summary>Status; read as <see cref="RunStatus.Running"/> when the server leaves it out.</summary>
    public RunStatus Status { get; init; } = RunStatus.Running;
    /// <summary>Start time, Unix milliseconds.</summary>
    public long? StartTime { get; init; }
    /// <summary>End time, Unix milliseconds; <c>null</c> while running.</summary>
    public long? EndTime { get; init; }
    /// <summary>Root of the run's artifacts, for example <c>mlflow-artifacts:/1/&lt;run id&gt;/artifacts</c>.</summary>
    public string? ArtifactUri { get; init; }
    /// <summary><c>active</c> or <c>deleted</c>.</summary>
    public string? LifecycleStage { get; init; }
}

/// <summary>What was logged to a run (latest value per metric key).</summary>
public sealed record RunData
{
    /// <summary>Latest value of each metric.</summary>
    public IReadOnlyList<Metric> Metrics { get => field ?? []; init; }
    /// <summary>Params.</summary>
    public IReadOnlyList<Param> Params { get => field ?? []; init; }
    /// <summary>Tags, including MLflow's <c>mlflow.*</c> system tags.</summary>
    public IReadOnlyList<RunTag> Tags { get => field ?? []; init; }
}

/// <summary>Lifecycle state of a run.</summary>
[JsonConverter(typeof(UpperSnakeEnumConverter<RunStatus>))]
public enum RunStatus
{
    /// <summary>Being logged to.</summary>
    Running,
    /// <summary>Scheduled, not started.</summary>
    Scheduled,
    /// <summary>Ended successfully.</summary>
    Finished,
    /// <summary>Ended with an error.</summary>
    Failed,
    /// <summary>Ended by a user.</summary>
    Killed,
}

/// <summary>Which runs or experiments a search sees.</summary>
[JsonConverter(typeof(UpperSnakeEnumConverter<ViewType>))]
public enum ViewType
{
    /// <summary>Only active ones (the server's default).</summary>
    ActiveOnly,
    /// <summary>Only deleted ones.</summary>
    DeletedOnly,
    /// <summary>Both.</summary>
    All,
}

/// <summary>One metric value. A value the server stored as NaN arrives as the string <c>"NaN"</c> and reads as <see cref="double.NaN"/>.</summary>
/// <param name="Key">Metric name.</param>
/// <param name="Value">Value; must be finite when logged.</param>
/// <param name="Timestamp">Unix milliseconds.</param>
/// <param name="Step">Step (iteration), 0 by default.</param>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0);

/// <summary>A run parameter (write-once per run).</summary>
/// <param name="Key">Name.</param>
/// <param name="Value">Value, at most <see cref="MlflowLimits.MaxParamValueLength"/> characters.</param>
public sealed record Param(string Key, string Value);

/// <summary>A tag on a run, experiment, registered model or model version.</summary>
/// <param name="Key">Name.</param>
/// <param name="Value">Value, at most <see cref="MlflowLimits.MaxTagValueLength"/> characters on runs.</param>
public sealed record RunTag(string Key, string Value);

/// <summary>One entry of an artifact listing.</summary>
/// <param name="Path">Name relative to the listed folder.</param>
/// <param name="IsDir">Whether it is a folder.</param>
/// <param name="FileSize">Size in bytes; <c>null</c> for folders.</param>
public sealed record ArtifactFile(string Path, bool IsDir, long? FileSize);

/// <summary>A registered model in the MLflow model registry.</summary>
public sealed record RegisteredModel
{
    /// <summary>Unique name.</summary>
    public string Name { get => field ?? ""; init; }
    /// <summary>Creation time, Unix milliseconds.</summary>
    public long? CreationTimestamp { get; init; }
    /// <summary>Last update time, Unix milliseconds.</summary>
    public long? LastUpdatedTimestamp { get; init; }
    /// <summary>Description.</summary>
    public string? Description { get; init; }
    /// <summary>Latest version per stage.</summary>
    public IReadOnlyList<ModelVersion> LatestVersions { get => field ?? []; init; }
    /// <summary>Tags.</summary>
    public IReadOnlyList<RunTag> Tags { get => field ?? []; init; }
    /// <summary>Aliases and the versions they point at.</summary>
    public IReadOnlyList<ModelAlias> Aliases { get => field ?? []; init; }
}

/// <summary>An alias of a registered model (for example <c>champion</c>) and the version it names.</summary>
/// <param name="Alias">Alias name.</param>
/// <param name="Version">Version number, as a string.</param>
public sealed record ModelAlias(string Alias, string Version);

/// <summary>A version of a registered model.</summary>
public sealed record ModelVersion
{
    /// <summary>Registered model name.</summary>
    public string Name { get => field ?? ""; init; }
    /// <summary>Version number as MLflow sends it, a string such as <c>"3"</c>.</summary>
    public string Version { get => field ?? ""; init; }
    /// <summary>Creation time, Unix milliseconds.</summary>
    public long? CreationTimestamp { get; init; }
    /// <summary>Last update time, Unix milliseconds.</summary>
    public long? LastUpdatedTimestamp { get; init; }
    /// <summary>User that created it.</summary>
    public string? UserId { get; init; }
    /// <summary>Legacy stage (<c>None</c>, <c>Staging</c>, …).</summary>
    public string? CurrentStage { get; init; }
    /// <summary>Description.</summary>
    public string? Description { get; init; }
    /// <summary>Artifact URI of the model files.</summary>
    public string? Source { get; init; }
    /// <summary>Run that produced it.</summary>
    public string? RunId { get; init; }
    /// <summary><c>READY</c>, <c>PENDING_REGISTRATION</c> or <c>FAILED_REGISTRATION</c>.</summary>
    public string? Status { get; init; }
    /// <summary>Tags.</summary>
    public IReadOnlyList<RunTag> Tags { get => field ?? []; init; }
    /// <summary>Aliases pointing at this version.</summary>
    public IReadOnlyList<string> Aliases { get => field ?? []; init; }
}

/// <summary>One page of search results.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The items of this page (empty when the server answered <c>{}</c>).</param>
/// <param name="NextPageToken">Token for the next page; the server may send one on a full last page whose next page is empty.</param>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, string? NextPageToken);
