using System.Text.Json.Serialization;

namespace ClickPredict.Mlflow.Publishing;

// The same conventions as the wire (snake_case), indented for a person opening the file; NaN is written
// as "NaN" so even a record that failed validation is kept rather than lost.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(PendingRun))]
internal sealed partial class PendingJson : JsonSerializerContext;
