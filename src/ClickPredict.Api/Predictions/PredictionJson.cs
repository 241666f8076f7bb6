using System.Text.Json.Serialization;

namespace ClickPredict.Api.Predictions;

/// <summary>
/// Source-generated JSON contracts for the prediction endpoints' bodies: no reflection to discover
/// them at the first request, and the generated serializer writes responses on its fast path. The
/// host's <c>JsonOptions</c> (web defaults, unknown and duplicate properties refused, named
/// floating-point literals read so validation can name the field) still apply: this resolver only
/// supplies the contracts (D23).
/// </summary>
[JsonSerializable(typeof(PredictionRequest))]
[JsonSerializable(typeof(BatchPredictionRequest))]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(BatchPredictionResponse))]
internal sealed partial class PredictionJson : JsonSerializerContext;
