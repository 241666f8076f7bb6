using ClickPredict.Events;
using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>One event of a session in progress, as the online path receives it. <see cref="Time"/> is UTC.</summary>
internal readonly record struct SessionEvent(DateTime Time, EventType Type, string ItemId, string? Category = null, double? Price = null, string? Brand = null)
{
    /// <summary>Microseconds since the Unix epoch, DuckDB's timestamp resolution.</summary>
    public long Micros => EpochMicros.Of(Time);
}
