namespace ClickPredict.Sessions;

internal sealed record SessionizeOptions
{
    public static readonly TimeSpan DefaultGap = TimeSpan.FromMinutes(30);

    /// <summary>Inactivity that ends a gap-derived session: an event this long or longer after the user's previous one starts a new session.</summary>
    public TimeSpan Gap { get; init; } = DefaultGap;

    public string MemoryLimit { get; init; } = "2GB";

    /// <summary>Sessionize all of bronze even when an incremental build could keep earlier sessions.</summary>
    public bool Full { get; init; }

    /// <summary>
    /// Keep silver's events in memory as a full build writes them (<see cref="SessionizeResult.Events"/>),
    /// for a features build in the same process (`update`) to take instead of reading silver back.
    /// An incremental build writes only part of silver, so it hands nothing over.
    /// </summary>
    public bool HandOverEvents { get; init; }

    /// <summary>How many user partitions a build is split into (<see cref="Sessionizer.StagePartition"/>, <see cref="Sessionizer.Merge"/>).</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Test seam: runs after both outputs are staged and before anything in silver is renamed.</summary>
    internal Action? AfterStaging { get; init; }

    /// <summary>Test seam: runs after the new folders are swapped in and before <c>_sessions.json</c> commits them.</summary>
    internal Action? BeforeCommit { get; init; }

    /// <summary>The gap in whole microseconds, DuckDB's timestamp resolution.</summary>
    internal long GapMicroseconds => Gap.Ticks / TimeSpan.TicksPerMicrosecond;

    public void Validate()
    {
        if (GapMicroseconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Gap), Gap, "The session gap must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Partitions, 1);
    }
}
