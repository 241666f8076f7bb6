using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>
/// <c>gold/_features.json</c>: the commit point of the features stage. It names the live examples
/// file, the silver build and options it came from, the feature set (version and columns), and the
/// online snapshot's build and cutoff. Every gold Parquet file also carries the build id and
/// feature-set version in its key-value metadata, so a reader can tell a file from another build.
/// </summary>
internal sealed record FeaturesManifest
{
    public int Version { get; set; } = 1;

    public required string BuildId { get; init; }

    public required DateTimeOffset BuiltAt { get; init; }

    public required string FeatureSetVersion { get; init; }

    public required IReadOnlyList<FeatureColumn> Features { get; init; }

    public required string SilverBuildId { get; init; }

    public required int MaxCut { get; init; }

    public required int DenseCuts { get; init; }

    public required int CutStride { get; init; }

    public required ExampleCounts Examples { get; init; }

    /// <summary>Lake-relative paths of the examples files.</summary>
    public required IReadOnlyList<string> ExamplesFiles { get; init; }

    public required SnapshotCounts Online { get; init; }

    /// <summary>How many user partitions were built separately and merged (1: one build).</summary>
    public int Partitions { get; set; } = 1;

    /// <summary>The examples file of each session-start date (yyyy-MM-dd) and its counts; null for a merged partitioned build.</summary>
    public IReadOnlyDictionary<string, DatedExamplesFile>? ExamplesByDate { get; init; }

    /// <summary>Silver's per-date bronze fingerprints when this was built: an incremental build compares them with silver's now.</summary>
    public IReadOnlyDictionary<string, string>? BronzeDates { get; init; }

    /// <summary>Silver's session gap when this was built; a different gap makes different sessions everywhere.</summary>
    public double? GapSeconds { get; init; }

    /// <summary>Lake-relative path of the history replay's checkpoint the next incremental build may resume from.</summary>
    public string? ReplayFile { get; init; }

    public static FeaturesManifest? Load(Lake lake) =>
        JsonManifest.Read(lake.FeaturesManifestPath, ManifestJson.Default.FeaturesManifest, "delete the gold folder and run `clickpredict features` again");

    public void Save(Lake lake) => JsonManifest.Write(lake.FeaturesManifestPath, this, ManifestJson.Default.FeaturesManifest);

    public IReadOnlyList<string> ExamplesPaths(Lake lake) => [.. ExamplesFiles.Select(lake.Absolute)];
}

internal sealed record FeatureColumn(string Name, string Group);

/// <summary>One session-start date's examples file (lake-relative) and what it holds.</summary>
internal sealed record DatedExamplesFile(string File, ExampleCounts Counts);

internal sealed record ExampleCounts(long Rows, long Positives, long Sessions)
{
    public double PositiveShare => Rows == 0 ? 0 : (double)Positives / Rows;
}

/// <summary>The online snapshot: history strictly before <see cref="AsOf"/>, and how many rows of each kind it holds.</summary>
internal sealed record SnapshotCounts(DateTime AsOf, long Users, long Items, long Categories);
