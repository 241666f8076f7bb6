using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Tests.Training;

/// <summary>LightGBM's per-round row and feature sampling: applied, recorded, reproducible, and validated.</summary>
public class SubsamplingTests
{
    private static readonly ExampleTable Train = SyntheticExamples.Make(20_000, seed: 11);
    private static readonly ExampleTable Test = SyntheticExamples.Make(5_000, seed: 12);
    private static readonly Candidate LightGbm = new(TrainerKind.LightGbm, ImbalanceStrategy.None);

    [Fact]
    public void Sampling_changes_the_model_is_recorded_and_repeats_exactly_with_the_same_seed()
    {
        var sampled = new TrainOptions { Iterations = 40, MinExamplesPerLeaf = 20 };
        var everything = sampled with { Subsample = 1, FeatureFraction = 1 };

        var first = Scores(sampled);
        var again = Scores(sampled);
        var all = Scores(everything);

        Assert.Equal(first.Scores, again.Scores);
        Assert.NotEqual(first.Scores, all.Scores);
        Assert.Equal("0.7", first.Hyper["subsample"]);
        Assert.Equal("0.8", first.Hyper["feature_fraction"]);
        Assert.Equal("1", all.Hyper["subsample"]);
    }

    [Theory]
    [InlineData(0, 0.8, "--subsample")]
    [InlineData(1.5, 0.8, "--subsample")]
    [InlineData(0.7, 0, "--feature-fraction")]
    [InlineData(0.7, double.NaN, "--feature-fraction")]
    public void Shares_outside_zero_to_one_are_refused_by_name(double subsample, double featureFraction, string named)
    {
        var options = new TrainOptions { Subsample = subsample, FeatureFraction = featureFraction };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
    }

    private static (IReadOnlyList<double> Scores, IReadOnlyDictionary<string, string> Hyper) Scores(TrainOptions options)
    {
        var trained = new CandidateTrainer(new MLContext(3), options).Fit(LightGbm, Train);
        return (BatchScorer.ScoreSet(trained.Model, trained.Correction, Test).Scores, trained.HyperParameters);
    }
}
