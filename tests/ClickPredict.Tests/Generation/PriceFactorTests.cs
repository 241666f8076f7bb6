using ClickPredict.Generation;

namespace ClickPredict.Tests.Generation;

public class PriceFactorTests
{
    [Fact]
    public void A_price_factor_scales_every_price_and_leaves_every_other_column_as_the_seed_makes_it()
    {
        using var temp = new TempFolder();
        var options = new GeneratorOptions { Events = 20_000, Seed = 4 };

        var normal = CsvRow.ReadAll(ClickstreamGenerator.Write(options, temp.Combine("a")).Files[0]);
        var pricier = CsvRow.ReadAll(ClickstreamGenerator.Write(options with { PriceFactor = 1.5 }, temp.Combine("b")).Files[0]);

        Assert.Equal(normal.Count, pricier.Count);
        Assert.Equal(normal.Select(r => r with { Price = 0 }), pricier.Select(r => r with { Price = 0 }));
        // Prices are written with two decimals, so the scaled one is within half a cent of 1.5 × the other.
        Assert.All(normal.Zip(pricier), p => Assert.InRange(p.Second.Price - (1.5 * p.First.Price), -0.0051, 0.0051));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClickstreamGenerator.Write(options with { PriceFactor = 0 }, temp.Combine("c")));
    }
}
