using System.Globalization;

namespace ClickPredict.Storage;

/// <summary>
/// The folder every stage reads and writes. Bronze files are live only when the manifest lists
/// them: the manifest is the commit point, so readers ask <see cref="IngestManifest"/> for files
/// rather than globbing folders that may hold a crashed run's leftovers until the next ingest.
/// </summary>
internal sealed class Lake(string root)
{
    public const string DefaultRoot = "data/lake";

    /// <summary>Bronze is partitioned by event date into folders named with this prefix.</summary>
    public const string DateFolderPrefix = "event_date=";

    public string Root { get; } = Path.GetFullPath(root);

    public string BronzeEvents => Path.Combine(Root, "bronze", "events");

    public string Quarantine => Path.Combine(Root, "quarantine", "events");

    public string ManifestPath => Path.Combine(Root, "bronze", "_manifest.json");

    public string SessionEvents => Path.Combine(Root, "silver", "session_events");

    public string Sessions => Path.Combine(Root, "silver", "sessions");

    public string SessionsManifestPath => Path.Combine(Root, "silver", "_sessions.json");

    public string Gold => Path.Combine(Root, "gold");

    public string GoldExamples => Path.Combine(Gold, "examples");

    public string GoldOnline => Path.Combine(Gold, "online");

    /// <summary>The features stage's history replay checkpoint (see <c>ReplayCheckpoint</c>).</summary>
    public string GoldReplay => Path.Combine(Gold, "replay");

    /// <summary>Where the partitions of a sessionize build wait for <c>sessionize --merge</c>.</summary>
    public string SilverPartitions => Path.Combine(Staging, "silver-partitions");

    /// <summary>Where the partitions of a features build wait for <c>features --merge</c>.</summary>
    public string GoldPartitions => Path.Combine(Staging, "gold-partitions");

    public string FeaturesManifestPath => Path.Combine(Gold, "_features.json");

    public string Staging => Path.Combine(Root, "_staging");

    public string Spill => Path.Combine(Root, "_tmp");

    public string Reports => Path.Combine(Root, "reports");

    /// <summary>Per-ingest data-quality records (<c>ingest-&lt;id&gt;.json</c>).</summary>
    public string Quality => Path.Combine(Root, "quality");


    /// <summary>The <c>event_date=yyyy-MM-dd</c> folder a bronze file lies in, or "" for a file outside one.</summary>
    public static string DateFolder(string file) =>
        Path.GetFileName(Path.GetDirectoryName(file)) is { } folder && folder.StartsWith(DateFolderPrefix, StringComparison.Ordinal) ? folder : "";

    /// <summary>The event date (yyyy-MM-dd) of a bronze file, from its folder; "" outside one.</summary>
    public static string EventDate(string file) => DateFolder(file) is { Length: > 0 } folder ? folder[DateFolderPrefix.Length..] : "";

    /// <summary>Midnight (UTC) of an event date (yyyy-MM-dd).</summary>
    public static DateTime Midnight(string eventDate) =>
        DateTime.ParseExact(eventDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public string Absolute(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>
    /// Holds the lake for readers that stage work without replacing anything, such as the partitions
    /// of one features build: any number of them run together, and <see cref="Lock"/> fails fast while one does.
    /// </summary>
    public IDisposable SharedLock() =>
        FolderLock.Shared(Root, e => new LakeBusyException($"The lake at {Root} is being changed by another ClickPredict command; wait for it to finish.", e));

    /// <summary>Holds the lake for one writer; a second concurrent ingest fails fast instead of racing.</summary>
    public IDisposable Lock() =>
        FolderLock.Exclusive(Root, e => new LakeBusyException($"The lake at {Root} is in use by another ClickPredict command; wait for it to finish.", e));
}

internal sealed class LakeBusyException(string message, Exception inner) : Exception(message, inner);
