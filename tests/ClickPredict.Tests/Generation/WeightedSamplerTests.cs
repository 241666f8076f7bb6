using ClickPredict.Generation;

namespace ClickPredict.Tests.Generation;

public sealed class WeightedSamplerTests
{
    [Fact]
    public void Draws_each_value_in_proportion_to_its_weight()
    {
        double[] weights = [5, 1, 0.5, 3, 0.25, 10, 0.25];
        var sampler = new WeightedSampler([10, 11, 12, 13, 14, 15, 16], weights);
        var rng = new Xoshiro256(99);
        var counts = new int[7];
        const int draws = 400_000;

        for (var i = 0; i < draws; i++)
        {
            counts[sampler.Sample(rng) - 10]++;
        }

        var total = weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            Assert.InRange(counts[i] / (double)draws, weights[i] / total * 0.95, weights[i] / total * 1.05);
        }
    }

    [Fact]
    public void Zipf_weights_fall_with_rank_at_the_given_exponent()
    {
        var weights = WeightedSampler.ZipfWeights(1000, 1.1, 0);

        Assert.Equal(1.0, weights[0]);
        Assert.Equal(Math.Pow(2, -1.1), weights[1], 12);
        Assert.Equal(Math.Pow(1000, -1.1), weights[999], 12);
    }
}
