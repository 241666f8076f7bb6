using ClickPredict.Training;

namespace ClickPredict.Tests.Training;

public class SessionBootstrapTests
{
    [Fact]
    public void The_interval_holds_the_point_estimate_and_narrows_with_more_sessions()
    {
        var (small, smallSet) = Scored(SyntheticExamples.Make(2_000, seed: 1));
        var (large, largeSet) = Scored(SyntheticExamples.Make(20_000, seed: 1));

        var smallPr = SessionBootstrap.Interval(new SessionBootstrap(small, seed: 7).Replay(smallSet).PrAuc);
        var (largePrReplicates, largeRocReplicates) = new SessionBootstrap(large, seed: 7).Replay(largeSet);
        var largePr = SessionBootstrap.Interval(largePrReplicates);
        var largeRoc = SessionBootstrap.Interval(largeRocReplicates);

        Assert.True(largePr.Contains(BinaryMetrics.AveragePrecision(largeSet)), $"{largePr} vs {BinaryMetrics.AveragePrecision(largeSet)}");
        Assert.True(largeRoc.Contains(BinaryMetrics.AreaUnderRoc(largeSet)), $"{largeRoc} vs {BinaryMetrics.AreaUnderRoc(largeSet)}");
        Assert.True(largePr.High - largePr.Low < (smallPr.High - smallPr.Low) / 2, $"{largePr} is not narrower than {smallPr}");
        Assert.Equal(200, largePr.Replicates);
    }

    [Fact]
    public void Copies_of_a_sessions_examples_add_no_information_so_they_do_not_narrow_the_interval()
    {
        // Every session once, then every session's example five times: an example-level bootstrap would
        // shrink the interval by about √5; resampling sessions keeps it exactly.
        var once = SyntheticExamples.Make(3_000, seed: 3);
        var fivefold = once.Select(Enumerable.Range(0, once.Count).SelectMany(i => Enumerable.Repeat(i, 5)));
        var (_, onceSet) = Scored(once);
        var (_, fivefoldSet) = Scored(fivefold);

        var a = SessionBootstrap.Interval(new SessionBootstrap(once, seed: 5).Replay(onceSet).PrAuc);
        var b = SessionBootstrap.Interval(new SessionBootstrap(fivefold, seed: 5).Replay(fivefoldSet).PrAuc);

        Assert.Equal(a.Low, b.Low, 9);
        Assert.Equal(a.High, b.High, 9);
        Assert.True(a.High - a.Low > 0.01, $"{a} is implausibly narrow for 3,000 sessions");
    }

    [Fact]
    public void Replicates_are_paired_the_same_resamples_for_every_model_on_the_window()
    {
        var (table, set) = Scored(SyntheticExamples.Make(5_000, seed: 9));

        var first = new SessionBootstrap(table, seed: 42).Replay(set).PrAuc;
        var second = new SessionBootstrap(table, seed: 42).Replay(set).PrAuc;
        var other = new SessionBootstrap(table, seed: 43).Replay(set).PrAuc;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    /// <summary>A score that knows the truth up to noise: the first feature, squashed into (0, 1).</summary>
    private static (ExampleTable Table, ScoredSet Set) Scored(ExampleTable table)
    {
        var scores = Enumerable.Range(0, table.Count).Select(i => 1 / (1 + Math.Exp(-table.Features(i)[0]))).ToArray();
        return (table, new ScoredSet(scores, table.Labels()));
    }
}
