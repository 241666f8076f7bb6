namespace ClickPredict.Events;

internal sealed record IngestOptions
{
    /// <summary>Reject the whole batch when any row breaks a rule, instead of quarantining it.</summary>
    public bool Strict { get; init; }

    /// <summary>The earliest plausible event time unless told otherwise, at ingest and in the API.</summary>
    public static readonly DateTime EarliestEventTime = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Earliest plausible event time; older rows are quarantined as <c>time_out_of_window</c>.</summary>
    public DateTime MinEventTime { get; init; } = EarliestEventTime;

    /// <summary>Latest plausible event time; defaults to one day after the ingest starts.</summary>
    public DateTime MaxEventTime { get; init; } = DateTime.UtcNow.AddDays(1);

    public string MemoryLimit { get; init; } = "2GB";

    /// <summary>Where the strict-mode error report goes; by default under the lake's reports folder.</summary>
    public string? ErrorReportPath { get; init; }

    /// <summary>When the run's data-quality record raises alerts.</summary>
    public Quality.QualityThresholds Quality { get; init; } = new();

    /// <summary>Test seam: runs after every file is staged and before anything is renamed into the lake.</summary>
    internal Action? AfterStaging { get; init; }

    /// <summary>Test seam: runs after staged files are moved in and before the manifest commits them.</summary>
    internal Action? BeforeManifest { get; init; }
}
