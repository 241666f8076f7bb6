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
    IReadOnlyDictionary<string, string> HyperParameters,
    MetricInterval? ValidationPrAucInterval = null,
    bool WithinNoiseOfBest = false,
    bool Chosen = false);

/// <summary>A candidate with what validation said of it, and its PR-AUC in every bootstrap replicate (paired across candidates).</summary>
internal sealed record ValidatedCandidate(TrainedCandidate Trained, TunedThreshold Threshold, BinaryMetrics Validation, double[] PrAucReplicates);

/// <summary>The leaderboard's pick: the chosen candidate, the ones within the noise of the best, and the rule in a sentence.</summary>
internal sealed record LeaderboardChoice(ValidatedCandidate Chosen, IReadOnlySet<ValidatedCandidate> WithinNoise, string Reason);

internal static class Leaderboard
{
    /// <summary>Best validation PR-AUC first; equal scores keep the catalog order of candidates.</summary>
    public static IReadOnlyList<ValidatedCandidate> Rank(IEnumerable<ValidatedCandidate> candidates) =>
        [.. candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Validation.PrAuc).ThenBy(x => x.i).Select(x => x.c)];

    /// <summary>
    /// The rule: a candidate is within the noise of the best when the 95 % bootstrap interval of the
    /// paired difference (best − candidate, same session resamples) reaches 0, i.e. its 2.5 % quantile
    /// is ≤ 0. Among those, the simplest wins (logistic regression before trees), then the higher
    /// PR-AUC. So a tie goes to the cheaper, steadier model and a real gain to the trees.
    /// </summary>
    public static LeaderboardChoice Choose(IReadOnlyList<ValidatedCandidate> ranked)
    {
        var best = ranked[0];
        var within = ranked.Where(c => ReferenceEquals(c, best) || DifferenceLow(best, c) <= 0).ToHashSet();
        var chosen = within.OrderBy(c => Complexity(c.Trained.Candidate)).ThenByDescending(c => c.Validation.PrAuc).First();
        var reason = ReferenceEquals(chosen, best)
            ? $"{Label(best)} has the best validation PR-AUC ({best.Validation.PrAuc:F4})" +
                (within.Count > 1 ? $" and no simpler candidate is within its noise" : "")
            : $"{Label(chosen)} (PR-AUC {chosen.Validation.PrAuc:F4}) is within the noise of the best, " +
                $"{Label(best)} ({best.Validation.PrAuc:F4}; 95 % interval of the paired difference reaches 0 at {DifferenceLow(best, chosen):F4}), and simpler";
        return new LeaderboardChoice(chosen, within, reason);
    }

    /// <summary>The candidate's name, with <c>:trialN</c> for the search's trials.</summary>
    public static string Label(ValidatedCandidate c) =>
        c.Trained.HyperParameters.TryGetValue("trial", out var trial) ? $"{c.Trained.Candidate.Name}:trial{trial}" : c.Trained.Candidate.Name;

    /// <summary>Logistic regression is the simplest and steadiest; the boosted trees come after it.</summary>
    public static int Complexity(Candidate candidate) => candidate.Trainer == TrainerKind.LogisticRegression ? 0 : 1;

    private static double DifferenceLow(ValidatedCandidate best, ValidatedCandidate other)
    {
        var differences = best.PrAucReplicates.Zip(other.PrAucReplicates, (a, b) => a - b).Order().ToArray();
        return SessionBootstrap.Quantile(differences, 0.025);
    }

    public static IReadOnlyList<LeaderboardEntry> Entries(IReadOnlyList<ValidatedCandidate> ranked, LeaderboardChoice choice) =>
        [.. ranked.Select((c, i) => new LeaderboardEntry(
            i + 1,
            Label(c),
            Candidate.TrainerName(c.Trained.Candidate.Trainer),
            Candidate.StrategyName(c.Trained.Candidate.Strategy),
            c.Validation.PrAuc,
            c.Validation.RocAuc,
            c.Validation.Brier,
            c.Threshold.Threshold,
            c.Threshold.ObjectiveValue,
            c.Trained.TrainingExamples,
            Math.Round(c.Trained.Elapsed.TotalSeconds, 2),
            c.Trained.HyperParameters,
            c.Validation.PrAucInterval,
            choice.WithinNoise.Contains(c),
            ReferenceEquals(c, choice.Chosen)))];
}
