using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ClickPredict.Api.Predictions;

/// <summary>The model's answer for one session.</summary>
internal sealed record PredictionResponse(
    [property: Description("Probability that the session ends in a purchase (corrected to the real class mix).")] double Probability,
    [property: Description("\"purchase\" when the probability reaches the threshold, else \"no_purchase\".")] string Decision,
    [property: Description("The model's tuned decision threshold.")] double Threshold,
    [property: Description("Which model answered.")] ModelRef Model,
    [property: Description("The feature definitions the features were computed with.")] string FeatureSetVersion,
    [property: Description("With ?explain=true: the features that moved the score most, with their values."), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FeatureContribution>? Explanation = null)
{
    public const string Purchase = "purchase";
    public const string NoPurchase = "no_purchase";
}

/// <summary>A model version and the alias it was reached by.</summary>
internal sealed record ModelRef(string Name, int Version, string Alias);

/// <summary>One feature's value and its contribution to the model's raw score (log-odds before calibration; positive pushes towards purchase).</summary>
internal sealed record FeatureContribution(string Feature, double Value, double Contribution);

/// <summary>The answers for a batch, in request order.</summary>
internal sealed record BatchPredictionResponse(IReadOnlyList<PredictionResponse> Predictions);
