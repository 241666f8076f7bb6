using System.ComponentModel.DataAnnotations;

namespace ClickPredict.Api.Configuration;

/// <summary>Section <c>Limits</c>: how big a request may be.</summary>
internal sealed class LimitsOptions
{
    public const string Section = "Limits";

    [Range(1, 10_000)]
    public int MaxEventsPerSession { get; set; } = 500;

    [Range(1, 10_000)]
    public int MaxSessionsPerBatch { get; set; } = 100;

    /// <summary>Events one POST /v1/events/batch may carry.</summary>
    [Range(1, 100_000)]
    public int MaxEventsPerPost { get; set; } = 1000;

    [Range(1_024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far ahead of the server's clock an event may be (clock skew between shop and API).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 50)]
    public int ExplainTop { get; set; } = 8;
}
