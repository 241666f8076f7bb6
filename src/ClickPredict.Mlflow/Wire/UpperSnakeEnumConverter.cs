using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClickPredict.Mlflow.Wire;

/// <summary>MLflow's proto enums travel as their UPPER_SNAKE names (<c>FINISHED</c>, <c>ACTIVE_ONLY</c>).</summary>
internal sealed class UpperSnakeEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false)
    where T : struct, Enum;
