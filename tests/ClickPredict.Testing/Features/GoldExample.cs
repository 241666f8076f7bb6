using ClickPredict.Features;

namespace ClickPredict.Tests.Features;

/// <summary>One row of gold examples: keys, label and the feature vector in catalog order.</summary>
internal sealed record GoldExample(string SessionKey, int CutK, string UserId, DateTime SessionStart, DateTime CutTime, bool Label, double[] Features)
{
    public double this[string feature] => Features[IndexOf(feature)];

    public static int IndexOf(string feature) =>
        FeatureCatalog.Names.ToList().IndexOf(feature) is >= 0 and var i ? i : throw new ArgumentException($"No feature {feature}.", nameof(feature));
}
