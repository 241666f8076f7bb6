namespace ClickPredict.Training;

/// <summary>One ranked candidate: validation metrics only, so ranking never looks at test.</summary>
internal sealed record LeaderboardEntry(
    int Rank,
    string Candidate,
    string Trainer,
    string Strategy,
    double ValidationPrAuc,
    double ValidationRocAuc,
    double ValidationBrier,
    double Threshold,
    double ValidationObjective,
    int TrainingExamples,
    double TrainSeconds,
    IReadOnlyDictionary<string, string> HyperParameters);

/// <summary>A candidate with what validation said of it.</summary>
internal sealed record ValidatedCandidate(TrainedCandidate Trained, TunedThreshold Threshold, BinaryMetrics Validation);

internal static class Leaderboard
{
    /// <summary>Best validation PR-AUC first; equal scores keep the catalog order of candidates.</summary>
    public static IReadOnlyList<ValidatedCandidate> Rank(IEnumerable<ValidatedCandidate> candidates) =>
        [.. candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Validation.PrAuc).ThenBy(x => x.i).Select(x => x.c)];

    public static IReadOnlyList<LeaderboardEntry> Entries(IReadOnlyList<ValidatedCandidate> ranked) =>
        [.. ranked.Select((c, i) => new LeaderboardEntry(
            i + 1,
            c.Trained.Candidate.Name,
            Candidate.TrainerName(c.Trained.Candidate.Trainer),
            Candidate.StrategyName(c.Trained.Candidate.Strategy),
            c.Validation.PrAuc,
            c.Validation.RocAuc,
            c.Validation.Brier,
            c.Threshold.Threshold,
            c.Threshold.ObjectiveValue,
            c.Trained.TrainingExamples,
            Math.Round(c.Trained.Elapsed.TotalSeconds, 2),
            c.Trained.HyperParameters))];
}
