namespace ClickPredict.Features;

/// <summary>
/// Views and purchases of one item or category, by all users, strictly before some instant, and the
/// sum and count of the prices those views carried (a view without a price is not counted there).
/// </summary>
internal readonly record struct EntityStats(long Views, long Purchases, double ViewPriceSum = 0, long PricedViews = 0)
{
    public double ConversionRate => ConversionPrior.Rate(Purchases, Views);

    /// <summary>The mean price of the views, NaN when none carried a price.</summary>
    public double MeanViewPrice => PricedViews == 0 ? double.NaN : ViewPriceSum / PricedViews;
}
