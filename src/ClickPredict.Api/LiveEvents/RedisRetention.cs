using ClickPredict.Features;
using StackExchange.Redis;

namespace ClickPredict.Api.LiveEvents;

/// <summary>
/// Keeps Redis to what some replica still reads. Every replica reads only [its snapshot's cutoff,
/// session start), so members before the earliest cutoff of the replicas serving are never read again.
/// Each replica registers its cutoff at every flush turn; the flushing replica remembers the users,
/// items and categories of the events it moved to bronze (with their latest time), and deletes their
/// members before the earliest cutoff of the replicas heard from lately once all their moved events
/// are older than it. A category's running price sums keep their last member before it (a read takes
/// the running count and sum as of its cutoff from there), and late-view buckets go by whole minute and
/// hour. A replica not heard from within the stale time no longer holds trimming back.
/// </summary>
internal static class RedisRetention
{
    private const string Replicas = "cp:replicas";
    private const string Remembered = "cp:trim";
    private const long Minute = 60_000_000;
    private const long Hour = 3_600_000_000;

    // KEYS[1]: a running-price set; ARGV[1]: the cutoff. Deletes every member before the last one before the cutoff.
    private const string KeepLastScript = """
        local last = redis.call('ZREVRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '-inf', 'LIMIT', 0, 1)
        if #last == 0 then return 0 end
        local rank = redis.call('ZRANK', KEYS[1], last[1])
        if rank > 0 then return redis.call('ZREMRANGEBYRANK', KEYS[1], 0, rank - 1) end
        return 0
        """;

    /// <summary>Records that <paramref name="replica"/> serves a snapshot cut at <paramref name="cutoffMicros"/>, heard from now.</summary>
    public static void Register(IDatabase redis, string replica, long cutoffMicros, long nowMicros) =>
        redis.HashSet(Replicas, replica, $"{cutoffMicros}|{nowMicros}");

    /// <summary>Remembers the entities of events moved to bronze, each with the latest time of its moved events.</summary>
    public static void Remember(IDatabase redis, IEnumerable<LiveEvent> moved)
    {
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in moved)
        {
            foreach (var entity in (IEnumerable<string?>)["u:" + e.UserId, "i:" + e.ItemId, e.Category is null ? null : "c:" + e.Category])
            {
                if (entity is not null)
                {
                    latest[entity] = Math.Max(latest.GetValueOrDefault(entity, long.MinValue), e.Micros);
                }
            }
        }

        if (latest.Count > 0)
        {
            // GT: a remembered entity keeps its latest time; a new one is added.
            redis.SortedSetAdd(Remembered, [.. latest.Select(l => new SortedSetEntry(l.Key, l.Value))], SortedSetWhen.GreaterThan);
        }
    }

    /// <summary>
    /// Deletes the members no replica reads: returns the cutoff used (null when no replica was heard
    /// from lately) and how many entities were trimmed.
    /// </summary>
    public static (long? Before, int Entities) Trim(IDatabase redis, long nowMicros, long staleAfterMicros)
    {
        long? before = null;
        foreach (var replica in redis.HashGetAll(Replicas))
        {
            var parts = replica.Value.ToString().Split('|');
            if (long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) < nowMicros - staleAfterMicros)
            {
                redis.HashDelete(Replicas, replica.Name);
                continue;
            }

            var cutoff = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            before = before is { } b ? Math.Min(b, cutoff) : cutoff;
        }

        if (before is not { } trimBefore)
        {
            return (null, 0);
        }

        var due = redis.SortedSetRangeByScore(Remembered, double.NegativeInfinity, trimBefore, Exclude.Stop);
        foreach (var member in due)
        {
            var entity = member.ToString();
            var id = entity[2..];
            switch (entity[0])
            {
                case 'u':
                    redis.SortedSetRemoveRangeByScore($"cp:u:{id}", double.NegativeInfinity, trimBefore, Exclude.Stop);
                    break;
                case 'i':
                    redis.SortedSetRemoveRangeByScore($"cp:iv:{id}", double.NegativeInfinity, trimBefore, Exclude.Stop);
                    redis.SortedSetRemoveRangeByScore($"cp:ip:{id}", double.NegativeInfinity, trimBefore, Exclude.Stop);
                    break;
                default:
                    TrimCategory(redis, id, trimBefore);
                    break;
            }
        }

        if (due.Length > 0)
        {
            redis.SortedSetRemove(Remembered, due);
        }

        return (trimBefore, due.Length);
    }

    private static void TrimCategory(IDatabase redis, string category, long before)
    {
        foreach (var key in new[] { $"cp:cv:{category}", $"cp:cp:{category}", $"cp:cpl:{category}" })
        {
            redis.SortedSetRemoveRangeByScore(key, double.NegativeInfinity, before, Exclude.Stop);
        }

        redis.ScriptEvaluate(KeepLastScript, [$"cp:cpr:{category}"], [before]);
        // A read needs the buckets from its cutoff's (rounded up) on: the ones wholly before the rounded-down cutoff go.
        Buckets(redis, $"cp:clmi:{category}", [$"cp:clm:{category}", $"cp:clms:{category}"], before / Minute);
        Buckets(redis, $"cp:clhi:{category}", [$"cp:clh:{category}", $"cp:clhs:{category}"], before / Hour);
    }

    private static void Buckets(IDatabase redis, string index, string[] hashes, long before)
    {
        var fields = redis.SortedSetRangeByScore(index, double.NegativeInfinity, before, Exclude.Stop);
        if (fields.Length == 0)
        {
            return;
        }

        foreach (var hash in hashes)
        {
            redis.HashDelete(hash, fields);
        }

        redis.SortedSetRemove(index, fields);
    }
}
