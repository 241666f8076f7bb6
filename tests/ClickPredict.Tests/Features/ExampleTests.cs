using System.Globalization;
using ClickPredict.Features;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Features;

/// <summary>Which (session, cut point) pairs become examples, and their labels.</summary>
public class ExampleTests
{
    private static string At(int minute, int second = 0) => new DateTime(2024, 3, 1, 10, minute, second).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public void Cut_points_stop_before_the_first_purchase_and_the_label_says_whether_one_follows()
    {
        using var lake = FeatureLake.FromRows([
            Event(At(0), "u1", "s1", "view", "i1"), Event(At(1), "u1", "s1", "view", "i2"), Event(At(2), "u1", "s1", "cart", "i2"),
            Event(At(3), "u1", "s1", "purchase", "i2"), Event(At(4), "u1", "s1", "view", "i3"), Event(At(5), "u1", "s1", "purchase", "i3"),
            Event(At(0), "u2", "s2", "view"), Event(At(1), "u2", "s2", "view"), Event(At(2), "u2", "s2", "cart"), Event(At(3), "u2", "s2", "remove_from_cart"),
            Event(At(0), "u3", "s3", "purchase"), Event(At(1), "u3", "s3", "view"),
            // Tied in time: the view sorts before the purchase, so the view alone is a prefix.
            Event(At(0), "u4", "s4", "purchase", "i9"), Event(At(0), "u4", "s4", "view", "i9"),
        ]);

        lake.Build();

        var examples = lake.Examples().Values.ToList();
        Assert.Equal(
            ["u1/s1 1 True", "u1/s1 2 True", "u1/s1 3 True", "u2/s2 1 False", "u2/s2 2 False", "u2/s2 3 False", "u2/s2 4 False", "u4/s4 1 True"],
            examples.Select(e => $"{e.SessionKey} {e.CutK} {e.Label}"));
        Assert.All(examples, e => Assert.Equal(e.CutK, e["prefix_events"]));
        Assert.Equal([new DateTime(2024, 3, 1, 10, 0, 0), new DateTime(2024, 3, 1, 10, 1, 0), new DateTime(2024, 3, 1, 10, 2, 0)],
            examples.Where(e => e.SessionKey == "u1/s1").Select(e => e.CutTime));
        Assert.Equal(new ExampleCounts(8, 4, 3), lake.Gold.Examples);
    }

    [Theory]
    [InlineData(20, 5, 5, new[] { 1, 2, 3, 4, 5, 10, 15, 20 })]
    [InlineData(12, 5, 1, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    [InlineData(25, 2, 3, new[] { 1, 2, 3, 6, 9, 12, 15, 18, 21, 24 })]
    [InlineData(3, 5, 5, new[] { 1, 2, 3 })]
    public void The_longest_cut_and_the_sampling_of_cut_points_are_honoured(int maxCut, int dense, int stride, int[] expected)
    {
        // 25 views, then a purchase at position 26: every k from 1 to 25 could be a cut.
        using var lake = FeatureLake.FromRows([
            .. Enumerable.Range(0, 25).Select(i => Event(At(i / 2, i % 2 * 30), "u1", "s1", item: $"i{i}")),
            Event(At(13), "u1", "s1", "purchase", "i0"),
        ]);
        var options = new FeatureOptions { MaxCut = maxCut, DenseCuts = dense, CutStride = stride };

        lake.Build(options);

        Assert.Equal(expected, lake.Examples().Values.Select(e => e.CutK));
        Assert.Equal(expected, Enumerable.Range(1, 25).Where(options.IsCut));
        Assert.Equal((maxCut, dense, stride), (lake.Gold.MaxCut, lake.Gold.DenseCuts, lake.Gold.CutStride));
    }

    [Fact]
    public void A_session_that_opens_with_a_purchase_gives_no_example_and_an_empty_gold_is_still_committed()
    {
        using var lake = FeatureLake.FromRows([Event(At(0), "u1", "s1", "purchase"), Event(At(1), "u1", "s1", "view")]);

        lake.Build();

        Assert.Empty(lake.Examples());
        Assert.Equal(new ExampleCounts(0, 0, 0), lake.Gold.Examples);
        Assert.Equal(1, OnlineSnapshot.Load(lake.Lake).UserCount);
    }
}
