namespace ClickPredict.Generation;

/// <summary>A user's latent traits and the history the simulation has given them so far.</summary>
internal struct Shopper
{
    /// <summary>Latent purchase propensity in (0, 1), never written to the output.</summary>
    public double Propensity;

    /// <summary>Multiplies the return rate; above 1 comes back sooner.</summary>
    public double Activity;

    public int FavoriteCategory;
    public int SecondCategory;
    public int PastSessions;
    public int PastPurchases;
    public bool AbandonedCartLastSession;
}
