using ClickPredict.Training;

namespace ClickPredict.Tests.Training;

public class LeaderboardChoiceTests
{
    [Fact]
    public void A_tree_within_the_noise_of_the_best_loses_to_the_simpler_baseline()
    {
        // Paired replicates: the tree is ahead by 0.002 on average but behind in a quarter of them.
        var tree = Candidate(TrainerKind.LightGbm, 0.402, r => 0.40 + (r % 4 == 0 ? -0.004 : 0.004));
        var baseline = Candidate(TrainerKind.LogisticRegression, 0.400, _ => 0.40);

        var choice = Leaderboard.Choose(Leaderboard.Rank([tree, baseline]));

        Assert.Same(baseline, choice.Chosen);
        Assert.Contains(tree, choice.WithinNoise);
        Assert.Contains("is within the noise of the best, lightgbm/none", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_ahead_in_every_resample_wins()
    {
        var tree = Candidate(TrainerKind.LightGbm, 0.43, r => 0.43 + (r % 7 * 0.001));
        var baseline = Candidate(TrainerKind.LogisticRegression, 0.40, r => 0.40 + (r % 7 * 0.001));

        var choice = Leaderboard.Choose(Leaderboard.Rank([baseline, tree]));

        Assert.Same(tree, choice.Chosen);
        Assert.DoesNotContain(baseline, choice.WithinNoise);
        var entries = Leaderboard.Entries(Leaderboard.Rank([baseline, tree]), choice);
        Assert.Equal([true, false], entries.Select(e => e.Chosen));
    }

    private static ValidatedCandidate Candidate(TrainerKind trainer, double prAuc, Func<int, double> replicate)
    {
        var trained = new TrainedCandidate(new Candidate(trainer, ImbalanceStrategy.None), null!, ScoreCorrection.None,
            new Dictionary<string, string>(), [], 100, TimeSpan.Zero);
        var metrics = BinaryMetrics.Of(new ScoredSet([0.9, 0.1], [true, false]), 0.5) with { PrAuc = prAuc };
        return new ValidatedCandidate(trained, new TunedThreshold(0.5, 0), metrics, [.. Enumerable.Range(0, 200).Select(replicate)]);
    }
}
