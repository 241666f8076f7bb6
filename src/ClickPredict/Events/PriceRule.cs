namespace ClickPredict.Events;

/// <summary>
/// What a price may be, at ingest and in the API alike. The model's features are float (max ~3.4e38)
/// and sums of prices must stay finite in it, so a price is capped far below that: a per-item price
/// above a billion is a unit or parsing error, not a sale.
/// </summary>
internal static class PriceRule
{
    public const double Max = 1_000_000_000;

    public static bool IsValid(double price) => double.IsFinite(price) && price is >= 0 and <= Max;

    public const string Description = "a finite number from 0 to 1,000,000,000";
}
