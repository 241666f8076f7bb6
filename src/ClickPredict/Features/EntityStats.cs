namespace ClickPredict.Features;

/// <summary>Views and purchases of one item or category, by all users, strictly before some instant.</summary>
internal readonly record struct EntityStats(long Views, long Purchases)
{
    public double ConversionRate => ConversionPrior.Rate(Purchases, Views);
}
