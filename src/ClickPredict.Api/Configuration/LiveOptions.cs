using System.ComponentModel.DataAnnotations;

namespace ClickPredict.Api.Configuration;

/// <summary>Section <c>Live</c>: how the events posted to /v1/events reach the lake's bronze.</summary>
internal sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How often finished sessions' events are moved into bronze; 0 turns it off (they stay in the live log or Redis).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FlushEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a visitor who never pauses for the session gap holds their events (and everyone's after them) back from bronze.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxHold { get; set; } = TimeSpan.FromHours(6);

    public bool Enabled => FlushEvery > TimeSpan.Zero;

    /// <summary>A replica not heard from within three flush turns (at least an hour) no longer holds Redis trimming back.</summary>
    public TimeSpan StaleAfter => TimeSpan.FromTicks(Math.Max(TimeSpan.FromHours(1).Ticks, 3 * FlushEvery.Ticks));
}
