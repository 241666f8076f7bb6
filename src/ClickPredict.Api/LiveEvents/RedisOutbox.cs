using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Storage;
using StackExchange.Redis;

namespace ClickPredict.Api.LiveEvents;

/// <summary>
/// With Redis, the events on their way to bronze: a stream every recorded event is added to by the
/// same script that records it (<see cref="RedisLiveHistory"/>), so an acknowledged event is in the
/// outbox too. A flush (one replica at a time, under a lock key) reads the stream, ingests the events
/// of finished sessions into bronze, and only then deletes their entries.
/// </summary>
internal static class RedisOutbox
{
    public const string Stream = "cp:outbox";

    private const string LockKey = "cp:outbox:flushing";

    /// <summary>Longer than any flush's ingest; a replica killed mid-flush frees the lock when it runs out.</summary>
    private static readonly TimeSpan LockFor = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Registers this replica's snapshot cutoff; then, unless another replica is flushing, moves the
    /// finished events to bronze and trims what no replica reads any more (<see cref="RedisRetention"/>).
    /// </summary>
    public static LiveFlush Flush(IDatabase redis, string replica, OnlineSnapshot snapshot, Lake lake, string folder, DateTimeOffset now, LiveFlushRules rules, TimeProvider clock)
    {
        var nowMicros = EpochMicros.Of(now.UtcDateTime);
        RedisRetention.Register(redis, replica, EpochMicros.Of(snapshot.AsOf), nowMicros);
        var token = Guid.NewGuid().ToString("N");
        if (!redis.LockTake(LockKey, token, LockFor))
        {
            return new LiveFlush(0, 0, null);
        }

        try
        {
            var flushed = Move(redis, lake, folder, now, rules, clock);
            var (_, trimmed) = RedisRetention.Trim(redis, nowMicros, rules.StaleAfter.Ticks / TimeSpan.TicksPerMicrosecond);
            return flushed with { Trimmed = trimmed };
        }
        finally
        {
            redis.LockRelease(LockKey, token);
        }
    }

    private static LiveFlush Move(IDatabase redis, Lake lake, string folder, DateTimeOffset now, LiveFlushRules rules, TimeProvider clock)
    {
        var entries = redis.StreamRange(Stream);
        var pending = new List<(RedisValue Id, LiveEvent Event)>(entries.Length);
        foreach (var entry in entries)
        {
            if (LiveEventLog.Parse(entry.Values[0].Value.ToString()) is { } logged)
            {
                pending.Add((entry.Id, logged.Event));
            }
        }

        var events = pending.Select(p => p.Event).DistinctBy(e => e.EventId).ToList();
        var finished = rules.Finished(events, now);
        if (finished.Count == 0)
        {
            return new LiveFlush(0, events.Count, null);
        }

        var ingest = LiveBronze.Ingest(lake, Path.Combine(folder, "outbox"), finished, clock);
        RedisRetention.Remember(redis, finished);
        var moved = finished.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        foreach (var chunk in pending.Where(p => moved.Contains(p.Event.EventId)).Chunk(10_000))
        {
            redis.StreamDelete(Stream, [.. chunk.Select(m => m.Id)]);
        }

        return new LiveFlush(finished.Count, events.Count - finished.Count, ingest);
    }
}
