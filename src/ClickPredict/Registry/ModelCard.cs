using ClickPredict.Training;

namespace ClickPredict.Registry;

/// <summary>
/// <c>model.json</c>: everything needed to trust, repeat and serve one registered model version —
/// what was trained how, on which data, what it measured, and the threshold to decide at.
/// </summary>
internal sealed record ModelCard
{
    public int SchemaVersion { get; set; } = 1;

    public required string Name { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Trainer { get; init; }

    public required string Strategy { get; init; }

    public required IReadOnlyDictionary<string, string> HyperParameters { get; init; }

    public required int Seed { get; init; }

    /// <summary>Scores are corrected with this positive weight (see <see cref="ScoreCorrection"/>); 1 means none.</summary>
    public required double ScoreCorrectionPositiveWeight { get; init; }

    public required ThresholdCard Threshold { get; init; }

    public required BinaryMetrics Validation { get; init; }

    public required BinaryMetrics Test { get; init; }

    public required BaselineCard Baseline { get; init; }

    public required string FeatureSetVersion { get; init; }

    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Share of the model's total importance per feature, highest first.</summary>
    public required IReadOnlyList<FeatureImportance> FeatureImportance { get; init; }

    public required TrainingData Data { get; init; }

    public string? GitCommit { get; init; }

    /// <summary>Set once the run is logged to MLflow.</summary>
    public string? MlflowRunId { get; init; }

    /// <summary>Why the version was rejected at training (it does not beat chance or the base rate on test); null when it was not.</summary>
    public string? Rejected { get; init; }

    public ScoreCorrection Correction() => new(ScoreCorrectionPositiveWeight);

    public string Candidate => $"{Trainer}/{Strategy}";
}

/// <summary>The decision threshold, the objective it was tuned for on validation, and what that objective was worth on test.</summary>
internal sealed record ThresholdCard(
    double Value,
    string Objective,
    string Description,
    double ValuePerConversion,
    double CostPerAction,
    double ValidationObjectiveValue,
    double TestObjectiveValue);

/// <summary>The logistic-regression baseline's test metrics, so the model's gain is visible.</summary>
internal sealed record BaselineCard(string Candidate, double Threshold, BinaryMetrics Test, double TestObjectiveValue);

internal sealed record FeatureImportance(string Feature, double Share);

/// <summary>Which examples the model saw: gold build, fingerprint of its files, the split and each window's counts.</summary>
internal sealed record TrainingData(
    string GoldBuildId,
    string Fingerprint,
    SplitOptions Split,
    WindowSummary Train,
    WindowSummary Validation,
    WindowSummary Test);
