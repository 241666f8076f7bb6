namespace ClickPredict.Monitoring;

/// <summary>The drift rule's numbers (DECISIONS D15 says why these).</summary>
internal sealed record DriftThresholds
{
    /// <summary>PSI bins: the reference's deciles.</summary>
    public int Bins { get; set; } = 10;

    /// <summary>An empty bin counts as this share, so PSI stays finite.</summary>
    public double PsiFloor { get; set; } = 1e-4;

    public double PsiWarn { get; set; } = 0.10;

    public double PsiDrift { get; set; } = 0.25;

    /// <summary>When either window has at most this many rows, the KS test decides; above, effect sizes (PSI, Wasserstein) do.</summary>
    public int SmallSampleRows { get; set; } = 1_000;

    /// <summary>Family-wise KS significance for "drift", split over the columns compared (Bonferroni).</summary>
    public double KsAlphaDrift { get; set; } = 0.01;

    public double KsAlphaWarn { get; set; } = 0.05;

    /// <summary>Wasserstein-1 distance in standard deviations of both windows pooled.</summary>
    public double WassersteinWarn { get; set; } = 0.10;

    public double WassersteinDrift { get; set; } = 0.20;

    /// <summary>The verdict is "drift" when at least this share of features drifted (or the score did).</summary>
    public double DriftedShareForVerdict { get; set; } = 0.25;
}
