namespace ClickPredict.Mlflow.StandIn;

/// <summary>What the stand-in server holds, in memory. Guarded by <see cref="Gate"/>.</summary>
internal sealed class StandInState
{
    public object Gate { get; } = new();
    public List<StandInExperiment> Experiments { get; } = [new("0", "Default", "mlflow-artifacts:/0")];
    public List<StandInRun> Runs { get; } = [];
    public Dictionary<string, byte[]> Artifacts { get; } = new(StringComparer.Ordinal);
    public List<StandInModel> Models { get; } = [];
    public long Clock { get; set; } = 1_700_000_000_000;

    public long Tick() => ++Clock;

    public int RunCount(string experimentId) { lock (Gate) return Runs.Count(r => r.ExperimentId == experimentId); }
}

internal sealed record StandInExperiment(string Id, string Name, string ArtifactLocation)
{
    public long CreationTime { get; init; }
    public Dictionary<string, string> Tags { get; } = [];
}

internal sealed class StandInRun(string id, string experimentId, string? name, long startTime)
{
    public string Id => id;
    public string ExperimentId => experimentId;
    public string? Name { get; set; } = name;
    public string Status { get; set; } = "RUNNING";
    public long StartTime => startTime;
    public long? EndTime { get; set; }
    public string LifecycleStage { get; set; } = "active";
    public string ArtifactUri => $"mlflow-artifacts:/{experimentId}/{id}/artifacts";
    public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Every logged metric row; the SQL store's primary key (key, timestamp, step, value) keeps one copy of each.</summary>
    public List<(string Key, double Value, long Timestamp, long Step)> Metrics { get; } = [];
}

internal sealed class StandInModel(string name, long created)
{
    public string Name => name;
    public long Created => created;
    public string? Description { get; set; }
    public List<StandInVersion> Versions { get; } = [];
    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);
}

internal sealed record StandInVersion(string Name, string Version, string Source, string? RunId, string? Description, long Created);
