using ClickPredict.Monitoring;

namespace ClickPredict.Tests.Monitoring;

/// <summary>The drift statistics against values worked out by hand (the arithmetic is in each comment).</summary>
public class DistributionDistanceTests
{
    private static readonly float[] OneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Fact]
    public void Psi_on_reference_median_bins_matches_the_hand_computed_value()
    {
        // Two bins split at the reference median 5: reference 0.5 / 0.5, current 0.8 / 0.2.
        // PSI = 0.3·ln(0.8/0.5) + (−0.3)·ln(0.2/0.5) = 0.141001 + 0.274887.
        float[] current = [1, 1, 1, 1, 1, 1, 1, 1, 9, 9];
        var edges = DistributionDistance.QuantileEdges(OneToTen, 2);

        var psi = DistributionDistance.Psi(DistributionDistance.BinShares(OneToTen, edges), DistributionDistance.BinShares(current, edges), 1e-4);

        Assert.Equal([5.0], edges);
        Assert.Equal(0.4158883083, psi, 9);
    }

    [Fact]
    public void An_empty_bin_is_floored_so_psi_stays_finite()
    {
        // Current 1.0 / 0.0 → 1.0 / 0.0001: 0.5·ln 2 + (0.0001 − 0.5)·ln(0.0001 / 0.5).
        float[] current = [1, 2, 3, 4, 5];
        var edges = DistributionDistance.QuantileEdges(OneToTen, 2);

        var psi = DistributionDistance.Psi(DistributionDistance.BinShares(OneToTen, edges), DistributionDistance.BinShares(current, edges), 1e-4);

        Assert.Equal(4.6043184667, psi, 9);
    }

    [Fact]
    public void A_flag_gets_one_bin_per_value_and_identical_samples_have_zero_psi()
    {
        float[] flag = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1];

        var edges = DistributionDistance.QuantileEdges(flag, 10);
        var shares = DistributionDistance.BinShares(flag, edges);

        Assert.Equal([0.0], edges);
        Assert.Equal([0.7, 0.3], shares);
        Assert.Equal(0, DistributionDistance.Psi(shares, shares, 1e-4));
    }

    [Fact]
    public void Ks_and_wasserstein_of_a_shift_by_two()
    {
        // F_a − F_b reaches 0.4 at x = 2 (and stays there to 4); W₁ of a pure shift is the shift.
        float[] a = [1, 2, 3, 4, 5];
        float[] b = [3, 4, 5, 6, 7];

        var (ks, wasserstein) = DistributionDistance.KsAndWasserstein(a, b);

        Assert.Equal(0.4, ks, 12);
        Assert.Equal(2.0, wasserstein, 12);
        // en = √(25/10) = 1.58114; λ = (en + 0.12 + 0.11/en)·0.4 = 0.708284; Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²).
        Assert.Equal(0.6974048780, DistributionDistance.KsPValue(ks, 5, 5), 9);
    }

    [Fact]
    public void Ks_and_wasserstein_count_ties_together()
    {
        // a has 2/3 at 0, b 1/3: the CDFs differ by 1/3 over [0, 1), then agree.
        float[] a = [0, 0, 1];
        float[] b = [0, 1, 1];

        var (ks, wasserstein) = DistributionDistance.KsAndWasserstein(a, b);

        Assert.Equal(1 / 3.0, ks, 12);
        Assert.Equal(1 / 3.0, wasserstein, 12);
        Assert.Equal((0.0, 0.0), DistributionDistance.KsAndWasserstein(a, a));
    }

    [Fact]
    public void A_large_ks_statistic_on_large_samples_has_a_tiny_p_value_and_a_small_one_none()
    {
        Assert.True(DistributionDistance.KsPValue(0.1, 10_000, 10_000) < 1e-40);
        Assert.Equal(1.0, DistributionDistance.KsPValue(0.01, 100, 100));
        Assert.Equal((5.5, Math.Sqrt(8.25)), DistributionDistance.Moments(OneToTen));
    }
}
