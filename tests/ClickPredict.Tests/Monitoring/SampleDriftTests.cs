using ClickPredict.Monitoring;
using ClickPredict.Tests.Features;

namespace ClickPredict.Tests.Monitoring;

/// <summary>Random samples of one lake's gold against each other: the rule's false alarms, and its power at the same sizes.</summary>
public class SampleDriftTests(DriftLakes lakes) : IClassFixture<DriftLakes>
{
    [Fact]
    public void Two_samples_of_200_rows_from_one_lake_raise_no_false_alarm_over_50_seeds()
    {
        var all = AllRows(lakes.Normal);
        var warnings = new List<string>();
        for (var seed = 0; seed < 50; seed++)
        {
            var (a, b) = DisjointSamples(all.Rows, 200, seed);
            var (features, score) = DriftDetector.Compare(Select(all, a), Select(all, b), new DriftThresholds());

            Assert.All(features, f => Assert.Equal("ks", f.Method));
            Assert.All(features, f => Assert.True(f.Status != DriftStatus.Drift, $"seed {seed}: {f}"));
            Assert.NotEqual(DriftStatus.Drift, DriftDetector.Verdict(features, score, new DriftThresholds()));
            warnings.AddRange(features.Where(f => f.Status == DriftStatus.Warn).Select(f => $"seed {seed} {f.Feature} p={f.PValue:G3}"));
        }

        // "warn" is a 5 % family-wise level over the 33 columns (ties make KS conservative): about 2.5 runs in 50.
        Assert.True(warnings.Count <= 5, string.Join("; ", warnings));
    }

    [Fact]
    public void Two_samples_of_5000_rows_from_one_lake_drift_no_feature_over_20_seeds()
    {
        var all = AllRows(lakes.Normal);
        for (var seed = 0; seed < 20; seed++)
        {
            var (a, b) = DisjointSamples(all.Rows, 5_000, seed);
            var (features, _) = DriftDetector.Compare(Select(all, a), Select(all, b), new DriftThresholds());

            Assert.All(features, f => Assert.Equal("wasserstein", f.Method));
            Assert.All(features, f => Assert.True(f.Status == DriftStatus.None, $"seed {seed}: {f}"));
        }
    }

    [Fact]
    public void At_1000_rows_the_same_test_sees_prices_times_one_and_a_half()
    {
        var normal = AllRows(lakes.Normal);
        var pricier = AllRows(lakes.Pricier);
        var detected = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var (a, b) = DisjointSamples(normal.Rows, 1_000, seed);
            var (features, _) = DriftDetector.Compare(Select(normal, a), Select(pricier, b), new DriftThresholds());
            detected += features.Single(f => f.Feature == "prefix_view_price_mean").Status == DriftStatus.Drift ? 1 : 0;
        }

        Assert.True(detected >= 18, $"detected in {detected} of 20");
    }

    private FeatureColumns AllRows(FeatureLake lake) => lakes.OrderedGold(lake);

    private static (int[] A, int[] B) DisjointSamples(int rows, int size, int seed)
    {
        var rng = new ClickPredict.Generation.Xoshiro256((ulong)seed + 1);
        var order = Enumerable.Range(0, rows).ToArray();
        for (var i = 0; i < 2 * size; i++)
        {
            var j = i + rng.NextInt(rows - i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return (order[..size], order[size..(2 * size)]);
    }

    private static FeatureColumns Select(FeatureColumns all, int[] rows) =>
        new(all.Names, [.. all.Values.Select(column => rows.Select(r => column[r]).ToArray())], rows.Length, null);
}
