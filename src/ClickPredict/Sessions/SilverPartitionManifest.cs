using ClickPredict.Storage;

namespace ClickPredict.Sessions;

/// <summary>
/// <c>part-i.json</c>: the commit point of one staged partition of a full sessionize build, next to its
/// silver files in <c>_staging/silver-partitions/&lt;bronze fingerprint&gt;/part-i/</c>.
/// <c>sessionize --merge</c> commits silver once all partitions of the same bronze and gap are here.
/// </summary>
internal sealed record SilverPartitionManifest
{
    public required int Partition { get; init; }

    public required int Partitions { get; init; }

    public required string BuildId { get; init; }

    public required string BronzeFingerprint { get; init; }

    public required double GapSeconds { get; init; }

    /// <summary>
    /// The partition's sessions, events and users (disjoint from the other partitions'), with
    /// <see cref="SessionCounts.SplitSessionIds"/> over all of bronze: every partition records the same.
    /// </summary>
    public required SessionCounts Counts { get; init; }

    /// <summary>Whether two of the partition's sessions could share a key (<see cref="SessionsManifest.KeysMayCollide"/>).</summary>
    public required bool KeysMayCollide { get; init; }

    /// <summary>File names in the partition's folder, history first: each sorted by session, no session in two.</summary>
    public required IReadOnlyList<string> SessionEventsFiles { get; init; }

    /// <summary>File names in the partition's folder, one per <see cref="SessionEventsFiles"/> entry.</summary>
    public required IReadOnlyList<string> SessionsFiles { get; init; }

    /// <summary>The folder a build's partitions wait in: named by the bronze they were built from.</summary>
    public static string Folder(Lake lake, string bronzeFingerprint) =>
        Path.Combine(lake.SilverPartitions, bronzeFingerprint[(bronzeFingerprint.IndexOf(':', StringComparison.Ordinal) + 1)..]);

    public static string PartFolder(Lake lake, string bronzeFingerprint, int partition) => Path.Combine(Folder(lake, bronzeFingerprint), $"part-{partition}");

    public static string PathOf(Lake lake, string bronzeFingerprint, int partition) => Path.Combine(Folder(lake, bronzeFingerprint), $"part-{partition}.json");

    public static SilverPartitionManifest? Load(Lake lake, string bronzeFingerprint, int partition) =>
        JsonManifest.Read(PathOf(lake, bronzeFingerprint, partition), ManifestJson.Default.SilverPartitionManifest, "run that partition of `clickpredict sessionize` again");

    public void Save(Lake lake) => JsonManifest.Write(PathOf(lake, BronzeFingerprint, Partition), this, ManifestJson.Default.SilverPartitionManifest);

    /// <summary>Whether this partition belongs to the same build as <paramref name="other"/>.</summary>
    public bool SameBuildAs(SilverPartitionManifest other) =>
        (Partitions, BronzeFingerprint, GapSeconds, Counts.SplitSessionIds) == (other.Partitions, other.BronzeFingerprint, other.GapSeconds, other.Counts.SplitSessionIds);
}
