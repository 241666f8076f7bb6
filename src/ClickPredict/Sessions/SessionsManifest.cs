using System.IO.Hashing;
using System.Text;
using ClickPredict.Storage;

namespace ClickPredict.Sessions;

/// <summary>
/// <c>silver/_sessions.json</c>: the commit point of sessionize. It names the live silver files and
/// the bronze state and gap they were built from; readers take files from here, never by globbing.
/// </summary>
internal sealed record SessionsManifest
{
    /// <summary>
    /// 2: silver may be several files (an incremental build keeps earlier ones), and sessions carry their
    /// reconciled and split flags. 3: events name their session by <c>user_id</c> and <c>session_number</c>
    /// instead of repeating its key.
    /// </summary>
    public const int CurrentVersion = 3;

    public int Version { get; set; } = CurrentVersion;

    public required string BuildId { get; init; }

    public required DateTimeOffset BuiltAt { get; init; }

    /// <summary>Identifies the bronze files sessionized; see <see cref="Fingerprint"/>.</summary>
    public required string BronzeFingerprint { get; init; }

    public string? LastIngestId { get; init; }

    public required int BronzeFileCount { get; init; }

    /// <summary>Per event date (yyyy-MM-dd), a fingerprint of that date's bronze files: what changed since an earlier build.</summary>
    public IReadOnlyDictionary<string, string>? BronzeDates { get; init; }

    public required double GapSeconds { get; init; }

    public required SessionCounts Counts { get; init; }

    /// <summary>
    /// True when some user id has a '/' or some source session id starts with 'g', the only ways two
    /// sessions' keys can read the same: a later incremental build then checks its new keys against
    /// the kept ones. Null for silver built before this was recorded (checked as if true).
    /// </summary>
    public bool? KeysMayCollide { get; init; }

    /// <summary>Lake-relative paths of the <c>session_events</c> files, in silver's order: each file sorted by session, no session in two files.</summary>
    public required IReadOnlyList<string> SessionEventsFiles { get; init; }

    /// <summary>Lake-relative paths of the <c>sessions</c> files, one per <see cref="SessionEventsFiles"/> entry.</summary>
    public required IReadOnlyList<string> SessionsFiles { get; init; }

    /// <summary>The committed silver state, or null when sessionize has not committed in this lake.</summary>
    public static SessionsManifest? Load(Lake lake) =>
        JsonManifest.Read(lake.SessionsManifestPath, ManifestJson.Default.SessionsManifest, "delete the silver folder and run `clickpredict sessionize` again");

    public void Save(Lake lake) => JsonManifest.Write(lake.SessionsManifestPath, this, ManifestJson.Default.SessionsManifest);

    public IReadOnlyList<string> SessionEventsPaths(Lake lake) => [.. SessionEventsFiles.Select(lake.Absolute)];

    public IReadOnlyList<string> SessionsPaths(Lake lake) => [.. SessionsFiles.Select(lake.Absolute)];

    /// <summary>True when silver was built from exactly the bronze files the manifest lists now.</summary>
    public bool IsBuiltFrom(IngestManifest bronze) => BronzeFingerprint == Fingerprint(bronze);

    /// <summary>
    /// XXH128 of what bronze holds: each source's path, content hash and the ingest that wrote its
    /// rows. Any ingest that changes rows changes this; compacting bronze's files does not.
    /// </summary>
    public static string Fingerprint(IngestManifest bronze) => FingerprintOf(bronze.Sources.Select(Identity));

    /// <summary>
    /// <see cref="Fingerprint(IngestManifest)"/> per event date, over the sources with rows on that
    /// date (bronze files live under <c>event_date=yyyy-MM-dd</c> folders): a new day adds a key, a
    /// re-ingested source changes the keys of its dates.
    /// </summary>
    public static Dictionary<string, string> DateFingerprints(IngestManifest bronze) =>
        bronze.Sources.SelectMany(s => s.BronzeFiles.Select(f => (Date: Lake.EventDate(f), Source: Identity(s))))
            .Distinct()
            .GroupBy(x => x.Date, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => FingerprintOf(g.Select(x => x.Source)), StringComparer.Ordinal);

    private static string Identity(SourceEntry source) => $"{source.Path}\t{source.ContentHash}\t{source.IngestId}";

    private static string FingerprintOf(IEnumerable<string> files)
    {
        var names = files.Order(StringComparer.Ordinal);
        return "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(string.Join('\n', names))));
    }
}
