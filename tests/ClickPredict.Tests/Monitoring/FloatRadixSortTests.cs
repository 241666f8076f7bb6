using ClickPredict.Monitoring;

namespace ClickPredict.Tests.Monitoring;

public class FloatRadixSortTests
{
    [Fact]
    public void Sorts_like_array_sort_with_negatives_zeros_infinities_and_nans_at_the_end()
    {
        var rng = new ClickPredict.Generation.Xoshiro256(9);
        var values = Enumerable.Range(0, 100_000).Select(i => (float)((rng.NextDouble() - 0.3) * Math.Pow(10, (i % 9) - 4))).ToList();
        values.AddRange([0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, float.NaN]);
        var expected = values.Where(v => !float.IsNaN(v)).ToArray();
        Array.Sort(expected);
        var actual = values.ToArray();

        var count = FloatRadixSort.Sort(actual);

        Assert.Equal(expected.Length, count);
        Assert.Equal(expected, actual[..count]);
        Assert.All(actual[count..], v => Assert.True(float.IsNaN(v)));
    }
}
