using ClickPredict.Storage;

namespace ClickPredict.Events.Quality;

/// <summary>
/// The data quality of one ingest, as stored in <c>quality/ingest-&lt;id&gt;.json</c> and listed by
/// <c>clickpredict quality</c>: where the rows went, NULL rates per canonical column, the event-type mix,
/// the change against the previous ingest of the same source, and the alerts raised.
/// </summary>
internal sealed record IngestQuality
{
    public required string IngestId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The source mapping; ingests are compared with the previous one of the same mapping.</summary>
    public required string Source { get; init; }

    /// <summary><c>committed</c> (the only status stored), or <c>rejected</c> (strict mode; printed, nothing reaches the lake).</summary>
    public required string Status { get; init; }

    public required int FilesRead { get; init; }

    public required RowCounts Rows { get; init; }

    public required double QuarantineRate { get; init; }

    public required double DuplicateRate { get; init; }

    /// <summary>Share of the rows read (malformed lines aside) whose canonical value is NULL: missing or unparseable.</summary>
    public required IReadOnlyDictionary<string, double> NullRates { get; init; }

    /// <summary>Accepted rows per event type.</summary>
    public required IReadOnlyDictionary<string, long> EventTypes { get; init; }

    public DateTime? FirstEvent { get; init; }

    public DateTime? LastEvent { get; init; }

    public string? PreviousIngestId { get; init; }

    /// <summary>(rows read − previous rows read) / previous rows read; null for a source's first ingest.</summary>
    public double? RowCountChange { get; init; }

    public required QualityThresholds Thresholds { get; init; }

    public required IReadOnlyList<QualityAlert> Alerts { get; init; }

    public double EventTypeShare(string type)
    {
        var total = EventTypes.Values.Sum();
        return total == 0 ? 0 : (double)EventTypes.GetValueOrDefault(type) / total;
    }
}

/// <summary>
/// One threshold crossed: which check, on what (a column, an event type, the source), the value and the
/// limit it crossed (for event-type shares, the change in points or, when only that rule fired, relative).
/// </summary>
internal sealed record QualityAlert(string Check, string Subject, double Value, double Threshold, string Message);
