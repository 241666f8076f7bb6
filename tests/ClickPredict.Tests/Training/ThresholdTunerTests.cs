using ClickPredict.Training;

namespace ClickPredict.Tests.Training;

public class ThresholdTunerTests
{
    // Scores 0.9 … 0.4 with labels 1 0 1 1 0 0. By hand, predicting positive at p ≥ t:
    //   t    TP FP FN   F1           profit (value 10, cost 3)   profit (value 4, cost 3)
    //   0.9   1  0  2   2/5 = 0.400  10 − 3  = 7                 4 − 3  = 1
    //   0.8   1  1  2   2/6 = 0.333  10 − 6  = 4                 4 − 6  = −2
    //   0.7   2  1  1   4/7 = 0.571  20 − 9  = 11                8 − 9  = −1
    //   0.6   3  1  0   6/7 = 0.857  30 − 12 = 18                12 − 12 = 0
    //   0.5   3  2  0   6/8 = 0.750  30 − 15 = 15                12 − 15 = −3
    //   0.4   3  3  0   6/9 = 0.667  30 − 18 = 12                12 − 18 = −6
    private static readonly ScoredSet Validation = new([0.5, 0.9, 0.4, 0.7, 0.8, 0.6], [false, true, false, true, false, true]);

    [Fact]
    public void Max_f1_picks_the_hand_computed_threshold()
    {
        var tuned = ThresholdTuner.Tune(Validation, ThresholdObjective.F1);

        Assert.Equal(0.6, tuned.Threshold);
        Assert.Equal(6.0 / 7, tuned.ObjectiveValue, 12);
    }

    [Fact]
    public void Max_profit_follows_value_and_cost()
    {
        var generous = ThresholdTuner.Tune(Validation, ThresholdObjective.Profit(10, 3));
        var stingy = ThresholdTuner.Tune(Validation, ThresholdObjective.Profit(4, 3));

        Assert.Equal((0.6, 18.0), (generous.Threshold, generous.ObjectiveValue));
        Assert.Equal((0.9, 1.0), (stingy.Threshold, stingy.ObjectiveValue));
    }

    [Fact]
    public void When_no_action_pays_the_threshold_is_above_every_score()
    {
        var tuned = ThresholdTuner.Tune(Validation, ThresholdObjective.Profit(1, 3));

        Assert.True(tuned.Threshold > 0.9);
        Assert.Equal(0, tuned.ObjectiveValue);
        Assert.Equal(0, ThresholdMetrics.At(Validation, tuned.Threshold).TruePositives + ThresholdMetrics.At(Validation, tuned.Threshold).FalsePositives);
    }

    [Fact]
    public void Tied_scores_are_never_split_by_a_threshold()
    {
        var tied = new ScoredSet([0.7, 0.7, 0.7, 0.2], [true, false, false, true]);

        var cuts = tied.Cuts().ToList();

        Assert.Equal([(0.7, 1, 2), (0.2, 2, 2)], cuts);
    }

    [Fact]
    public void Profit_needs_a_positive_value_per_conversion()
    {
        var error = Assert.Throws<ArgumentException>(() => ThresholdObjective.Profit(0, 1));
        Assert.Contains("positive value per conversion", error.Message, StringComparison.Ordinal);
    }
}
