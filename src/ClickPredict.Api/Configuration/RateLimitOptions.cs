using System.ComponentModel.DataAnnotations;

namespace ClickPredict.Api.Configuration;

/// <summary>Section <c>RateLimit</c>: a token bucket per client address over the prediction endpoints; 0 turns it off.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    [Range(0, 1_000_000)]
    public int PermitsPerSecond { get; set; }

    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 1_000;

    public bool Enabled => PermitsPerSecond > 0;
}
