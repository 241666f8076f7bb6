using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Tests.Training;

/// <summary>Every trainer × strategy learns the synthetic signal, and corrected scores are calibrated.</summary>
public class ImbalanceStrategyTests
{
    private static readonly ExampleTable Train = SyntheticExamples.Make(30_000, seed: 5);
    private static readonly ExampleTable Test = SyntheticExamples.Make(30_000, seed: 6);
    private static readonly TrainOptions Options = new() { Iterations = 100, MinExamplesPerLeaf = 20 };

    public static TheoryData<string> Candidates() => [.. Candidate.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Candidates))]
    public void Each_pair_learns_the_signal_and_stays_calibrated_after_correction(string name)
    {
        var candidate = Candidate.All.Single(c => c.Name == name);
        var ml = new MLContext(1);

        var trained = new CandidateTrainer(ml, Options).Fit(candidate, Train);
        var scored = BatchScorer.ScoreSet(trained.Model, trained.Correction, Test);

        // The true model's ROC-AUC on this data is about 0.88; the noise feature carries nothing.
        Assert.InRange(BinaryMetrics.AreaUnderRoc(scored), 0.82, 0.92);
        Assert.InRange(BinaryMetrics.AveragePrecision(scored), 3 * Test.BaseRate, 1);
        // Corrected mean probability within 20% of the real base rate (about 8%). LightGBM's unbalanced
        // mode starts from the unweighted average, so after only 100 rounds it sits lowest (about 0.82).
        Assert.InRange(scored.Scores.Average() / Test.BaseRate, 0.8, 1.2);
    }

    [Fact]
    public void Undersampling_without_the_correction_would_overstate_probabilities()
    {
        var ml = new MLContext(1);
        var trained = new CandidateTrainer(ml, Options).Fit(new Candidate(TrainerKind.LightGbm, ImbalanceStrategy.Undersample), Train);

        var corrected = BatchScorer.ScoreSet(trained.Model, trained.Correction, Test);
        var raw = BatchScorer.ScoreSet(trained.Model, ScoreCorrection.None, Test);

        Assert.True(trained.TrainingExamples < Train.Count / 2, $"undersampling kept {trained.TrainingExamples} of {Train.Count} rows");
        Assert.True(trained.Correction.PositiveWeight > 2);
        Assert.True(raw.Scores.Average() > 1.5 * Test.BaseRate, $"raw mean {raw.Scores.Average():F3} vs base rate {Test.BaseRate:F3}");
        Assert.True(BinaryMetrics.BrierScore(corrected) < BinaryMetrics.BrierScore(raw));
        // The correction is monotone: ranking metrics do not move.
        Assert.Equal(BinaryMetrics.AreaUnderRoc(raw), BinaryMetrics.AreaUnderRoc(corrected), 9);
    }

    [Fact]
    public void Class_weights_weigh_positives_by_the_class_ratio()
    {
        var trained = new CandidateTrainer(new MLContext(1), Options).Fit(new Candidate(TrainerKind.LogisticRegression, ImbalanceStrategy.ClassWeights), Train);

        Assert.Equal((double)Train.Negatives / Train.Positives, trained.Correction.PositiveWeight, 3);
        Assert.Equal(Train.Count, trained.TrainingExamples);
    }

    [Fact]
    public void The_unbalanced_mode_is_offered_for_lightgbm_only()
    {
        Assert.Equal(10, Candidate.All.Count);
        Assert.Equal([TrainerKind.LightGbm], Candidate.All.Where(c => c.Strategy == ImbalanceStrategy.Unbalanced).Select(c => c.Trainer));
    }
}
