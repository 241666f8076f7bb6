using ClickPredict.Events;

namespace ClickPredict.Generation;

/// <summary>Counts what was actually written, so a run cut at the event limit reports its truncated sessions honestly.</summary>
internal sealed class GenerationTally
{
    private readonly SeenSet _users = new();
    private readonly SeenSet _sessions = new();
    private readonly SeenSet _converting = new();
    private readonly long[] _byType = new long[4];
    private long _events;
    private long _firstUnixMs = long.MaxValue;
    private long _lastUnixMs = long.MinValue;

    public void Add(ReadOnlySpan<GeneratedEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }

        _firstUnixMs = Math.Min(_firstUnixMs, events[0].UnixMs);
        _lastUnixMs = Math.Max(_lastUnixMs, events[^1].UnixMs);
        _events += events.Length;
        foreach (ref readonly var e in events)
        {
            _byType[e.Type]++;
            _users.Add(e.User);
            _sessions.Add(e.Session);
            if (e.Type == (byte)EventType.Purchase)
            {
                _converting.Add(e.Session);
            }
        }
    }

    public GeneratorSummary ToSummary(IReadOnlyList<string> files) => new(
        _events,
        _users.Count,
        _sessions.Count,
        _converting.Count,
        Enum.GetValues<EventType>().ToDictionary(t => t, t => _byType[(int)t]),
        _events == 0 ? default : ToUtc(_firstUnixMs),
        _events == 0 ? default : ToUtc(_lastUnixMs),
        files);

    public static DateTime ToUtc(long unixMs) =>
        new(DateTime.UnixEpoch.Ticks + unixMs * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
