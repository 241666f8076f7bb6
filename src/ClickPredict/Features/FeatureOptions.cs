namespace ClickPredict.Features;

/// <summary>
/// Which cut points become examples: every k up to <see cref="DenseCuts"/>, then every
/// <see cref="CutStride"/>-th, never past <see cref="MaxCut"/> or the session's first purchase.
/// The default (1–5, 10, 15, 20) is argued in DECISIONS.md; <see cref="CutStride"/> 1 keeps every cut.
/// </summary>
internal sealed record FeatureOptions
{
    public const int DefaultMaxCut = 20;
    public const int DefaultDenseCuts = 5;
    public const int DefaultCutStride = 5;

    public int MaxCut { get; init; } = DefaultMaxCut;

    public int DenseCuts { get; init; } = DefaultDenseCuts;

    public int CutStride { get; init; } = DefaultCutStride;

    /// <summary>The online snapshot's cutoff (UTC): it holds history strictly before this. Null: just after the last event.</summary>
    public DateTime? SnapshotAsOf { get; init; }

    public string MemoryLimit { get; init; } = "3GB";

    /// <summary>Rebuild every date's examples even when only the last dates could have changed.</summary>
    public bool Full { get; init; }

    /// <summary>How many user-hash partitions the build is split into (see <see cref="UserPartition"/>).</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Test seam: runs after gold is staged and before anything in gold is replaced.</summary>
    internal Action? AfterStaging { get; init; }

    /// <summary>Test seam: runs after the new files are in place and before <c>_features.json</c> commits them.</summary>
    internal Action? BeforeCommit { get; init; }

    public bool IsCut(int k) => k >= 1 && k <= MaxCut && (k <= DenseCuts || k % CutStride == 0);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCut, 1, nameof(MaxCut));
        ArgumentOutOfRangeException.ThrowIfNegative(DenseCuts, nameof(DenseCuts));
        ArgumentOutOfRangeException.ThrowIfLessThan(CutStride, 1, nameof(CutStride));
        ArgumentOutOfRangeException.ThrowIfLessThan(Partitions, 1, nameof(Partitions));
        if (SnapshotAsOf is { Kind: DateTimeKind.Local })
        {
            throw new ArgumentException("The snapshot cutoff must be UTC.", nameof(SnapshotAsOf));
        }
    }
}
