using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Tests.Training;

/// <summary>Boosting stops on a bounded sample of whole validation sessions, and says how many it scored.</summary>
public class EarlyStoppingTests
{
    private static readonly ExampleTable Train = SyntheticExamples.Make(20_000, seed: 21);
    private static readonly ExampleTable Validation = SyntheticExamples.Make(8_000, seed: 22);
    private static readonly Candidate LightGbm = new(TrainerKind.LightGbm, ImbalanceStrategy.None);

    [Fact]
    public void A_validation_window_larger_than_the_cap_is_sampled_by_session_down_to_the_cap()
    {
        var options = new TrainOptions { Iterations = 300, EarlyStoppingExamples = 1_000 };

        var capped = new CandidateTrainer(new MLContext(3), options).Fit(LightGbm, Train, Validation);
        var whole = new CandidateTrainer(new MLContext(3), options with { EarlyStoppingExamples = 100_000 }).Fit(LightGbm, Train, Validation);

        Assert.Equal("1000", capped.HyperParameters["early_stopping_examples"]);
        Assert.Equal("8000", whole.HyperParameters["early_stopping_examples"]);
        Assert.True(int.Parse(capped.HyperParameters["iterations"], System.Globalization.CultureInfo.InvariantCulture) < 300, "the sampled window still stops boosting early");
    }

    [Fact]
    public void Reweighted_candidates_fit_every_round_and_record_no_stopping_set()
    {
        var options = new TrainOptions { Iterations = 30 };

        var trained = new CandidateTrainer(new MLContext(3), options).Fit(new Candidate(TrainerKind.LightGbm, ImbalanceStrategy.ClassWeights), Train, Validation);

        Assert.False(trained.HyperParameters.ContainsKey("early_stopping_examples"));
        Assert.Equal("30", trained.HyperParameters["iterations"]);
    }

    [Fact]
    public void A_cap_below_one_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(new TrainOptions { EarlyStoppingExamples = 0 }.Validate);

        Assert.Contains("EarlyStoppingExamples", error.Message, StringComparison.Ordinal);
    }
}
