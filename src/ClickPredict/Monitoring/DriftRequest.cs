namespace ClickPredict.Monitoring;

/// <summary>
/// Which drift to compute. The reference is always the model's training window, rebuilt from the lake's
/// gold. The current window is <see cref="CurrentFiles"/> when given (Parquet with feature-named
/// columns and optionally <c>score</c>: the API's prediction log), else the lake's examples whose
/// sessions start in [<see cref="CurrentFrom"/>, <see cref="CurrentTo"/>), by default everything after
/// the model's test window — sessions the model has never been measured on. With files,
/// <see cref="CurrentFrom"/> keeps the rows logged from then on (their <c>logged_at</c>): a log read
/// whole lets weeks-old traffic dilute today's.
/// </summary>
internal sealed record DriftRequest
{
    public string Model { get; init; } = "clickpredict@champion";

    public string? CurrentFiles { get; init; }

    public DateTime? CurrentFrom { get; init; }

    public DateTime? CurrentTo { get; init; }

    public DriftThresholds Thresholds { get; init; } = new();

    /// <summary>
    /// Scoring is the dearest step (about 10 µs of CPU a row), so the reference's score distribution
    /// comes from at most this many evenly spaced rows: PSI's sampling noise at 100,000 rows is about
    /// (bins − 1) / n ≈ 0.0001, three orders below the warn line.
    /// </summary>
    public int MaxScoredReferenceRows { get; init; } = 100_000;
}
