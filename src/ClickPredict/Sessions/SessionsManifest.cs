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
    public int Version { get; init; } = 1;

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

    /// <summary>Lake-relative paths of the <c>session_events</c> files.</summary>
    public required IReadOnlyList<string> SessionEventsFiles { get; init; }

    /// <summary>Lake-relative paths of the <c>sessions</c> files.</summary>
    public required IReadOnlyList<string> SessionsFiles { get; init; }

    /// <summary>The committed silver state, or null when sessionize has not committed in this lake.</summary>
    public static SessionsManifest? Load(Lake lake) =>
        JsonManifest.Read<SessionsManifest>(lake.SessionsManifestPath, "delete the silver folder and run `clickpredict sessionize` again");

    public void Save(Lake lake) => JsonManifest.Write(lake.SessionsManifestPath, this);

    public IReadOnlyList<string> SessionEventsPaths(Lake lake) => [.. SessionEventsFiles.Select(lake.Absolute)];

    public IReadOnlyList<string> SessionsPaths(Lake lake) => [.. SessionsFiles.Select(lake.Absolute)];

    /// <summary>True when silver was built from exactly the bronze files the manifest lists now.</summary>
    public bool IsBuiltFrom(IngestManifest bronze) => BronzeFingerprint == Fingerprint(bronze);

    /// <summary>
    /// XXH128 of the sorted lake-relative bronze file names. Every ingest writes new files under new
    /// names (the ingest id is in them), so any change to bronze changes this.
    /// </summary>
    public static string Fingerprint(IngestManifest bronze) => FingerprintOf(bronze.Sources.SelectMany(s => s.BronzeFiles));

    /// <summary>
    /// <see cref="Fingerprint(IngestManifest)"/> per event date: bronze files live under
    /// <c>event_date=yyyy-MM-dd</c> folders, so a new day adds a key and a re-ingested day changes one.
    /// </summary>
    public static Dictionary<string, string> DateFingerprints(IngestManifest bronze) =>
        bronze.Sources.SelectMany(s => s.BronzeFiles)
            .GroupBy(EventDate, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => FingerprintOf(g), StringComparer.Ordinal);

    private static string EventDate(string bronzeFile) =>
        bronzeFile.Split('/').FirstOrDefault(p => p.StartsWith("event_date=", StringComparison.Ordinal))?["event_date=".Length..] ?? "";

    private static string FingerprintOf(IEnumerable<string> files)
    {
        var names = files.Order(StringComparer.Ordinal);
        return "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(string.Join('\n', names))));
    }
}
