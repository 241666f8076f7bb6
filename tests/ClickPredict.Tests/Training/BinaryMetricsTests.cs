using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Tests.Training;

public class BinaryMetricsTests
{
    [Fact]
    public void Average_precision_and_roc_auc_match_hand_computed_values()
    {
        // Ranked 1 0 1 1 0 0: precision at each positive 1/1, 2/3, 3/4 → AP = (1 + 2/3 + 3/4) / 3.
        // Pairs (positive above negative): 3 + 2 + 2 = 7 of 9.
        var set = new ScoredSet([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], [true, false, true, true, false, false]);

        Assert.Equal((1 + (2.0 / 3) + 0.75) / 3, BinaryMetrics.AveragePrecision(set), 12);
        Assert.Equal(7.0 / 9, BinaryMetrics.AreaUnderRoc(set), 12);
    }

    [Fact]
    public void Ties_count_half_in_roc_auc_and_as_one_step_in_average_precision()
    {
        var set = new ScoredSet([0.5, 0.5, 0.5, 0.5], [true, false, true, false]);

        Assert.Equal(0.5, BinaryMetrics.AreaUnderRoc(set), 12);
        Assert.Equal(0.5, BinaryMetrics.AveragePrecision(set), 12);
    }

    [Fact]
    public void Brier_top_share_and_threshold_counts_are_exact()
    {
        var set = new ScoredSet([0.9, 0.2, 0.6, 0.1], [true, false, false, false]);

        var metrics = BinaryMetrics.Of(set, threshold: 0.5);

        Assert.Equal(((0.1 * 0.1) + (0.04) + (0.36) + (0.01)) / 4, metrics.Brier, 12);
        Assert.Equal(new ThresholdMetrics(0.5, 1, 1, 0, 2), metrics.AtThreshold);
        Assert.Equal(0.5, metrics.AtThreshold.Precision);
        Assert.Equal(1.0, metrics.AtThreshold.Recall);
        // Top 1% of 4 rows is the single best row: a positive, so precision 1 and lift 1 / 0.25.
        Assert.Equal(new TopShare(0.01, 1, 1.0, 4.0), metrics.Top[0]);
    }

    [Fact]
    public void Roc_auc_agrees_with_mlnet_on_a_trained_model()
    {
        var ml = new MLContext(3);
        var train = SyntheticExamples.Make(20_000, seed: 1);
        var test = SyntheticExamples.Make(10_000, seed: 2);
        var model = new CandidateTrainer(ml, new TrainOptions()).Fit(new Candidate(TrainerKind.LogisticRegression, ImbalanceStrategy.None), train).Model;

        var ours = BinaryMetrics.AreaUnderRoc(BatchScorer.ScoreSet(model, ScoreCorrection.None, test));
        var theirs = ml.BinaryClassification.Evaluate(model.Transform(new ExampleDataView(test))).AreaUnderRocCurve;

        Assert.Equal(theirs, ours, 6);
        Assert.InRange(ours, 0.8, 0.95);
    }
}
