
namespace ClickPredict.Storage;

/// <summary>
/// The bronze lake's table of contents: which source files are in it (by content hash) and which
/// Parquet files hold their rows, plus the history of ingests. Replaced whole, atomically, on commit.
/// </summary>
internal sealed record IngestManifest
{
    public int Version { get; set; } = 1;

    public IReadOnlyList<SourceEntry> Sources { get; set; } = [];

    public IReadOnlyList<IngestRecord> Ingests { get; set; } = [];

    public static IngestManifest Load(Lake lake) =>
        JsonManifest.Read(lake.ManifestPath, ManifestJson.Default.IngestManifest, "restore it from a backup or re-ingest into an empty lake") ?? new IngestManifest();

    public void Save(Lake lake) => JsonManifest.Write(lake.ManifestPath, this, ManifestJson.Default.IngestManifest);

    public SourceEntry? Find(string sourcePath) =>
        Sources.FirstOrDefault(s => string.Equals(s.Path, sourcePath, StringComparison.Ordinal));

    /// <summary>Absolute paths of the live bronze files, for <c>read_parquet([...])</c>; a compacted file holds rows of several sources and is listed once.</summary>
    public IReadOnlyList<string> BronzeFiles(Lake lake) =>
        [.. Sources.SelectMany(s => s.BronzeFiles).Distinct(StringComparer.Ordinal).Select(lake.Absolute).Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> QuarantineFiles(Lake lake) =>
        [.. Sources.SelectMany(s => s.QuarantineFiles).Select(lake.Absolute).Order(StringComparer.Ordinal)];

    public IEnumerable<string> AllFiles() => Sources.SelectMany(s => s.BronzeFiles.Concat(s.QuarantineFiles));
}

/// <summary>One source file as it stands in the lake.</summary>
internal sealed record SourceEntry(
    string Path,
    long Size,
    string ContentHash,
    string IngestId,
    string Mapping,
    DateTimeOffset IngestedAt,
    RowCounts Rows,
    IReadOnlyList<string> BronzeFiles,
    IReadOnlyList<string> QuarantineFiles);

/// <summary>One run of <c>clickpredict ingest</c> that changed the lake.</summary>
internal sealed record IngestRecord(
    string IngestId,
    DateTimeOffset StartedAt,
    DateTimeOffset CommittedAt,
    string Mapping,
    bool Strict,
    IReadOnlyList<IngestedFile> Files);

internal sealed record IngestedFile(string Path, string Outcome, RowCounts Rows);

/// <summary>Where each row read went. <see cref="Read"/> always equals the sum of the other three.</summary>
internal sealed record RowCounts(long Read, long Accepted, long Duplicates, IReadOnlyDictionary<string, long> QuarantinedByRule)
{
    public static RowCounts None { get; } = new(0, 0, 0, new Dictionary<string, long>());

    public long Quarantined => QuarantinedByRule.Values.Sum();

    /// <summary>Of <see cref="Duplicates"/>, the rows already in the lake or in an earlier file of the same ingest (overlapping exports).</summary>
    public long DuplicatesOfEarlierFiles { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool AddsUp => Read == Accepted + Duplicates + Quarantined;

    public RowCounts Plus(RowCounts other) => new(
        Read + other.Read,
        Accepted + other.Accepted,
        Duplicates + other.Duplicates,
        QuarantinedByRule.Concat(other.QuarantinedByRule)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal))
    {
        DuplicatesOfEarlierFiles = DuplicatesOfEarlierFiles + other.DuplicatesOfEarlierFiles,
    };
}
