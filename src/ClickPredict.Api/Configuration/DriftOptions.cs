using System.ComponentModel.DataAnnotations;

namespace ClickPredict.Api.Configuration;

/// <summary>Section <c>Drift</c>: how often the API recomputes drift of its prediction log against the champion's training window.</summary>
internal sealed class DriftOptions
{
    public const string Section = "Drift";

    /// <summary>0 turns the background recompute off; GET /v1/monitoring/drift still serves what <c>clickpredict drift</c> saved.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first run after start-up, once the model has loaded and the dashboard has warmed up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FirstRunAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The current window: predictions logged this long before a run, to the run (0: every finished file,
    /// within the row budget). Read whole, a log let weeks-old traffic dilute a shift that began today.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    public bool Enabled => Interval > TimeSpan.Zero;
}
