using ClickPredict.Training;

namespace ClickPredict.Tests.Training;

public class TimeSplitTests
{
    [Fact]
    public void Fractions_split_sessions_in_start_order_and_never_a_session_across_sides()
    {
        var examples = SyntheticExamples.Sessions(1_000, (s, k) => s % 7 == 0);

        var split = TimeSplit.Of(examples, new SplitOptions { TrainFraction = 0.6, ValidationFraction = 0.2 });

        Assert.Equal((600, 200, 200), (split.Train.Examples.Sessions, split.Validation.Examples.Sessions, split.Test.Examples.Sessions));
        Assert.Equal(examples.Count, split.Train.Examples.Count + split.Validation.Examples.Count + split.Test.Examples.Count);
        Assert.Empty(Ordinals(split.Train).Intersect(Ordinals(split.Validation)));
        Assert.Empty(Ordinals(split.Validation).Intersect(Ordinals(split.Test)));
        Assert.True(split.Train.Examples.SessionStartMicros(split.Train.Examples.Count - 1) < split.Validation.Examples.SessionStartMicros(0));
        Assert.True(split.Validation.Examples.SessionStartMicros(split.Validation.Examples.Count - 1) < split.Test.Examples.SessionStartMicros(0));
        Assert.Equal(split.Validation.From, split.Train.To);
        Assert.Equal(split.Test.From, split.Validation.To);
    }

    [Fact]
    public void Dates_put_each_session_on_the_side_of_its_start()
    {
        var examples = SyntheticExamples.Sessions(1_000, (s, k) => s % 5 == 0);
        var start = DateTime.UnixEpoch.AddTicks(1_700_000_000_000_000L * 10);

        var split = TimeSplit.Of(examples, new SplitOptions { ValidationFrom = start.AddSeconds(500), TestFrom = start.AddSeconds(800) });

        Assert.Equal((500, 300, 200), (split.Train.Examples.Sessions, split.Validation.Examples.Sessions, split.Test.Examples.Sessions));
        Assert.Equal(500, split.Validation.Examples.SessionOrdinal(0));
    }

    [Fact]
    public void A_window_with_too_few_positives_is_refused_with_its_count()
    {
        // Positives only in the first 700 sessions: validation and test have none.
        var examples = SyntheticExamples.Sessions(1_000, (s, k) => s < 700 && s % 3 == 0);

        var error = Assert.Throws<TrainingException>(() => TimeSplit.Of(examples, new SplitOptions()));

        Assert.Contains("The validation window", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 0 positive examples; at least 25", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fractions_that_leave_no_test_window_are_rejected()
    {
        var examples = SyntheticExamples.Sessions(100, (s, k) => true);

        Assert.Throws<ArgumentException>(() => TimeSplit.Of(examples, new SplitOptions { TrainFraction = 0.8, ValidationFraction = 0.2 }));
    }

    private static HashSet<int> Ordinals(SplitWindow window) =>
        [.. Enumerable.Range(0, window.Examples.Count).Select(window.Examples.SessionOrdinal)];
}
