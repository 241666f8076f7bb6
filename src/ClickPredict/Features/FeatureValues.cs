namespace ClickPredict.Features;

internal static class FeatureValues
{
    /// <summary>SQL's <c>coalesce(value, fallback)</c> for a value where NaN stands for NULL.</summary>
    public static double Or(this double value, double fallback) => double.IsNaN(value) ? fallback : value;
}
