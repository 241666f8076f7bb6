using ClickPredict.Generation;

namespace ClickPredict.Tests.Generation;

public sealed class Xoshiro256Tests
{
    [Fact]
    public void Same_seed_gives_the_same_sequence_and_another_seed_does_not()
    {
        var a = new Xoshiro256(42);
        var b = new Xoshiro256(42);
        var c = new Xoshiro256(43);

        var first = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void Distributions_have_their_expected_means()
    {
        var rng = new Xoshiro256(7);
        const int n = 200_000;

        Assert.InRange(Mean(rng.NextDouble), 0.495, 0.505);
        Assert.InRange(Mean(rng.NextExponential), 0.98, 1.02);
        Assert.InRange(Mean(rng.NextNormal), -0.01, 0.01);
        Assert.InRange(Mean(() => rng.NextGamma(2.5)), 2.45, 2.55);
        Assert.InRange(Mean(() => rng.NextGamma(0.5)), 0.49, 0.51);
        Assert.InRange(Mean(() => rng.NextBeta(2, 33)), 2.0 / 35 * 0.97, 2.0 / 35 * 1.03);
        Assert.InRange(Mean(() => rng.NextInt(10)), 4.45, 4.55);
        Assert.InRange(Median(() => rng.NextLogNormal(30, 1.0)), 29, 31);

        double Mean(Func<double> draw) => Enumerable.Range(0, n).Average(_ => draw());
        double Median(Func<double> draw) => Enumerable.Range(0, n).Select(_ => draw()).Order().ElementAt(n / 2);
    }
}
