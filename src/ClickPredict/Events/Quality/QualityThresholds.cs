namespace ClickPredict.Events.Quality;

/// <summary>When an ingest's quality raises an alert. Rates are fractions (0.05 = 5 %).</summary>
internal sealed record QualityThresholds
{
    /// <summary>Rows read against the previous ingest of the same source, either way.</summary>
    public double MaxRowCountChange { get; set; } = 0.50;

    /// <summary>NULL (missing or unparseable) share of a required field among the rows read.</summary>
    public double MaxRequiredNullRate { get; set; } = 0.10;

    /// <summary>Quarantined share of the rows read.</summary>
    public double MaxQuarantineRate { get; set; } = 0.05;

    /// <summary>An event type's share of accepted rows moving by more than this many points (0.05 = 5 points).</summary>
    public double MaxEventTypeShareChange { get; set; } = 0.05;

    /// <summary>
    /// An event type's share moving by more than this fraction of itself, judged only where the previous
    /// ingest had at least <see cref="MinTypeRowsForRelativeChange"/> rows of it: catches purchases
    /// vanishing (1.5 % → 0 %), which no absolute threshold fit for views would.
    /// </summary>
    public double MaxEventTypeRelativeChange { get; set; } = 0.50;

    public long MinTypeRowsForRelativeChange { get; set; } = 100;

    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            ("row count change", MaxRowCountChange), ("null rate", MaxRequiredNullRate), ("quarantine rate", MaxQuarantineRate),
            ("event-type share change", MaxEventTypeShareChange), ("event-type relative change", MaxEventTypeRelativeChange),
        })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException($"The {name} threshold must be a fraction ≥ 0 (0.05 = 5 %); got {value}.");
            }
        }
    }
}
