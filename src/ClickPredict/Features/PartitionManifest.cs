using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>
/// <c>part-i.json</c>: the commit point of one staged partition of a features build, next to its
/// examples and online files in <c>_staging/gold-partitions/&lt;silver build&gt;/part-i/</c>.
/// <c>features --merge</c> commits gold once all partitions of the same silver build and options are here.
/// </summary>
internal sealed record PartitionManifest
{
    public required int Partition { get; init; }

    public required int Partitions { get; init; }

    public required string BuildId { get; init; }

    public required string SilverBuildId { get; init; }

    public required string FeatureSetVersion { get; init; }

    public required int MaxCut { get; init; }

    public required int DenseCuts { get; init; }

    public required int CutStride { get; init; }

    public required ExampleCounts Examples { get; init; }

    public required SnapshotCounts Online { get; init; }

    public static string Folder(Lake lake, string silverBuildId) => Path.Combine(lake.GoldPartitions, silverBuildId);

    public static string PartFolder(Lake lake, string silverBuildId, int partition) => Path.Combine(Folder(lake, silverBuildId), $"part-{partition}");

    public static string PathOf(Lake lake, string silverBuildId, int partition) => Path.Combine(Folder(lake, silverBuildId), $"part-{partition}.json");

    public static PartitionManifest? Load(Lake lake, string silverBuildId, int partition) =>
        JsonManifest.Read(PathOf(lake, silverBuildId, partition), ManifestJson.Default.PartitionManifest, "run that partition of `clickpredict features` again");

    public void Save(Lake lake) => JsonManifest.Write(PathOf(lake, SilverBuildId, Partition), this, ManifestJson.Default.PartitionManifest);

    /// <summary>Whether this partition was built with the same options as <paramref name="other"/>.</summary>
    public bool SameBuildAs(PartitionManifest other) =>
        (Partitions, SilverBuildId, FeatureSetVersion, MaxCut, DenseCuts, CutStride, Online.AsOf) ==
        (other.Partitions, other.SilverBuildId, other.FeatureSetVersion, other.MaxCut, other.DenseCuts, other.CutStride, other.Online.AsOf);
}
