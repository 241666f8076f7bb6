using System.Diagnostics;

namespace ClickPredict;

/// <summary>
/// ClickPredict's one <see cref="ActivitySource"/>: a span per CLI stage and per step of a prediction
/// (validate → features → score → log). Nothing listens, and a span costs nothing, unless an OTLP
/// endpoint is configured (<see cref="OtlpEndpointVariable"/>).
/// </summary>
public static class Telemetry
{
    public const string SourceName = "ClickPredict";

    /// <summary>The standard OpenTelemetry variable; set, traces (and the API's metrics) are exported over OTLP.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static readonly ActivitySource Source = new(SourceName);

    public static bool OtlpConfigured(string? endpoint) => !string.IsNullOrWhiteSpace(endpoint);
}
