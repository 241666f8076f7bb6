namespace ClickPredict.Monitoring;

/// <summary>
/// The prediction log's layout, defined once: the API writes it, drift and the dashboard read it. Each
/// row: when it was logged, who, how many events, the last event's time, the model (name, version,
/// alias), the snapshot, the probability, the threshold and the decision, then one DOUBLE per feature
/// named as in gold.
/// </summary>
internal static class PredictionLogSchema
{
    /// <summary>Finished files; a reader globbing these sees only whole files.</summary>
    public const string FileGlob = "predictions-*.parquet";

    /// <summary>Files being written, renamed to their final name once the footer is on disk.</summary>
    public const string PartialGlob = ".predictions-*.parquet.tmp";

    public const string LoggedAt = "logged_at";
    public const string UserId = "user_id";
    public const string Events = "events";
    public const string LastEventTime = "last_event_time";
    public const string ModelName = "model_name";
    public const string ModelVersion = "model_version";
    public const string ModelAlias = "model_alias";
    public const string SnapshotBuild = "snapshot_build";
    public const string Probability = "probability";
    public const string Threshold = "threshold";
    public const string Purchase = "purchase";

    /// <summary>A finished file's name: when it was opened, and a random suffix so two writers never collide.</summary>
    public static string FileName(DateTime openedAt) =>
        $"predictions-{openedAt:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}.parquet";

    /// <summary>The name a file is written under until it is finished.</summary>
    public static string PartialName(string fileName) => "." + fileName + ".tmp";
}
