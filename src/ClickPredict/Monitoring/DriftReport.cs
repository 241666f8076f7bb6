using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClickPredict.Monitoring;

/// <summary>
/// Drift of one model's inputs and scores between its training window and a current window: what
/// <c>clickpredict drift</c> prints and writes as JSON, and what the API endpoint and the Prometheus
/// gauges (<see cref="DriftedFeatureShare"/>, <see cref="ScorePsi"/>) read.
/// </summary>
internal sealed record DriftReport
{
    public required string Model { get; init; }

    public required string FeatureSetVersion { get; init; }

    public required DateTimeOffset ComputedAt { get; init; }

    public required DriftWindow Reference { get; init; }

    public required DriftWindow Current { get; init; }

    public required IReadOnlyList<FeatureDrift> Features { get; init; }

    /// <summary>Drift of the model's scores; null when the current window has no scores and cannot be scored.</summary>
    public FeatureDrift? Score { get; init; }

    public required int DriftedFeatures { get; init; }

    public required double DriftedFeatureShare { get; init; }

    public double? ScorePsi => Score?.Psi;

    public required DriftStatus Verdict { get; init; }

    public required DriftThresholds Thresholds { get; init; }

    /// <summary>What the reader should know: a rebuilt reference, features missing from the current files, …</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    public double Seconds { get; init; }

    /// <summary>Where the time went, per step.</summary>
    public IReadOnlyDictionary<string, double> StepSeconds { get; set; } = new Dictionary<string, double>();
}

/// <summary>A window of examples: what it is (the training window, a later window, files), its session-start range, its rows.</summary>
internal sealed record DriftWindow(string Description, DateTime? From, DateTime? To, long Rows);

/// <summary>
/// One column's drift: PSI always; the KS statistic and p-value when a window is small, else the
/// Wasserstein-1 distance in pooled standard deviations.
/// </summary>
internal sealed record FeatureDrift(
    string Feature,
    string Method,
    double Psi,
    double Distance,
    double? PValue,
    DriftStatus Status,
    double ReferenceMean,
    double CurrentMean,
    long ReferenceRows,
    long CurrentRows);

[JsonConverter(typeof(LowerCaseEnumConverter<DriftStatus>))]
internal enum DriftStatus
{
    None,
    Warn,
    Drift,
}

internal sealed class LowerCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower)
    where T : struct, Enum;
