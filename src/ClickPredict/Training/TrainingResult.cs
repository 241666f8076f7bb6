using ClickPredict.Features;

namespace ClickPredict.Training;

/// <summary>What a training run found: the ranked leaderboard, the chosen model and the baseline, each evaluated once on test.</summary>
internal sealed record TrainingResult(
    TimeSplit Split,
    IReadOnlyList<LeaderboardEntry> Leaderboard,
    Evaluation Chosen,
    Evaluation Baseline,
    FeaturesManifest Gold,
    string DataFingerprint,
    IReadOnlyList<(string Step, TimeSpan Elapsed)> Timings)
{
    /// <summary>Why the chosen candidate was chosen (the leaderboard's rule applied to this run).</summary>
    public string Choice { get; init; } = "";
}
