using System.Globalization;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Storage;
using StackExchange.Redis;

namespace ClickPredict.Api.LiveEvents;

/// <summary>
/// The live history in Redis, shared by every API replica pointed at it (<c>ONLINE_STORE=redis://…</c>):
/// per user a sorted set of their events (score: the event's time in microseconds), per item and
/// category sorted sets of view and purchase event ids, and per category the viewed prices. A read
/// asks for the members in [snapshot cutoff, session start), so replicas on different snapshots each
/// read exactly what their snapshot lacks, and an event's seen-key (<c>SET NX</c>) makes a retry,
/// or the same event sent to two replicas, count once. One Lua script records an event atomically.
/// Counts are ZCOUNTs (O(log n)); a category's viewed prices keep a running count and sum in each
/// in-order member, so their sum before t is two lookups, and the views that arrived late are also
/// counted into per-minute and per-hour buckets, read whole where a range covers them.
/// Single-node Redis: the keys carry no hash tags for Redis Cluster yet.
/// </summary>
internal sealed class RedisLiveHistory(OnlineSnapshot snapshot, IDatabase redis, TimeSpan gap) : ILiveHistory
{
    /// <summary>How long an event id is remembered for retries.</summary>
    private static readonly TimeSpan SeenFor = TimeSpan.FromDays(14);

    // First KEYS[1] and ARGV[1] are taken off: the outbox stream and the event's entry in it (added
    // once the event is new). Then KEYS[1]: the event's seen-key; KEYS[2..n]: sorted sets; ARGV[1]: seconds to remember the id,
    // ARGV[2]: the score (time), ARGV[i + 1]: the member for KEYS[i] (ARGV[4], an item's, is the event id).
    // With a price (a category view: then ARGV ends with it and is 4 shorter than KEYS), the last six
    // KEYS are the category's running-price set, its set of late arrivals, and the late arrivals'
    // minute counts and sums and hour counts and sums: a view later than every one before goes to the
    // first with the running count and price sum after it (so "before t" is one lookup), any other to
    // the second and into its minute's and hour's buckets.
    private const string RecordScript = """
        local outbox, entry = table.remove(KEYS, 1), table.remove(ARGV, 1)
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
        redis.call('XADD', outbox, '*', 'e', entry)
        local sets = #KEYS
        local price = nil
        if #ARGV == #KEYS - 4 then sets = #KEYS - 6; price = ARGV[#ARGV] end
        for i = 2, sets do redis.call('ZADD', KEYS[i], ARGV[2], ARGV[i + 1]) end
        if price then
          local score = tonumber(ARGV[2])
          local last = redis.call('ZREVRANGE', KEYS[sets + 1], 0, 0, 'WITHSCORES')
          if #last == 0 or tonumber(last[2]) < score then
            local count, sum = 0, 0
            if #last > 0 then
              local c, s = string.match(last[1], '|([^|]*)|([^|]*)$')
              count, sum = tonumber(c), tonumber(s)
            end
            redis.call('ZADD', KEYS[sets + 1], score, ARGV[4] .. '|' .. (count + 1) .. '|' .. string.format('%.17g', sum + tonumber(price)))
          else
            redis.call('ZADD', KEYS[sets + 2], score, ARGV[4] .. '|' .. price)
            local minute, hour = math.floor(score / 60000000), math.floor(score / 3600000000)
            redis.call('HINCRBY', KEYS[sets + 3], minute, 1)
            redis.call('HINCRBYFLOAT', KEYS[sets + 4], minute, price)
            redis.call('HINCRBY', KEYS[sets + 5], hour, 1)
            redis.call('HINCRBYFLOAT', KEYS[sets + 6], hour, price)
          end
        end
        return 1
        """;

    private const long Minute = 60_000_000;
    private const long Hour = 3_600_000_000;

    private readonly long asOfMicros = EpochMicros.Of(snapshot.AsOf);
    private readonly long gapMicros = gap.Ticks / TimeSpan.TicksPerMicrosecond;

    public OnlineSnapshot Snapshot => snapshot;

    public bool Contains(string eventId) => redis.KeyExists(Seen(eventId));

    public LiveOutcome[] Record(IReadOnlyList<LiveEvent> events)
    {
        var batch = redis.CreateBatch();
        var pending = events.Select(e => batch.ScriptEvaluateAsync(RecordScript, [.. Keys(e)], [.. Values(e)])).ToList();
        batch.Execute();
        return [.. pending.Select((task, i) => (long)task.GetAwaiter().GetResult() == 0
            ? LiveOutcome.Duplicate
            : events[i].Micros < asOfMicros ? LiveOutcome.BeforeSnapshot : LiveOutcome.Applied)];
    }

    public UserHistory User(string userId, long micros)
    {
        var members = redis.SortedSetRangeByScore(UserKey(userId), asOfMicros, micros, Exclude.Stop);
        var events = new List<LiveHistory.UserEvent>(members.Length);
        foreach (var member in members)
        {
            // eventId|type|nanos|micros|sessionId (the id may hold '|': the fields are read from the right).
            var parts = member.ToString().Split('|');
            var n = parts.Length;
            events.Add(new LiveHistory.UserEvent(
                long.Parse(parts[n - 2], CultureInfo.InvariantCulture),
                (EventType)int.Parse(parts[n - 4], CultureInfo.InvariantCulture),
                Int128.Parse(parts[n - 3], CultureInfo.InvariantCulture),
                parts[n - 1].Length == 0 ? null : Uri.UnescapeDataString(parts[n - 1])));
        }

        events.Sort((a, b) => a.Micros.CompareTo(b.Micros));
        return LiveHistory.Add(snapshot.User(userId), events, micros, gapMicros);
    }

    public EntityStats Item(string itemId, long micros)
    {
        // Both counts sent at once: one round trip.
        var stats = snapshot.Stats.Item(itemId);
        var (views, purchases) = (Count($"cp:iv:{itemId}", micros), Count($"cp:ip:{itemId}", micros));
        return stats with
        {
            Views = stats.Views + Wait(views),
            Purchases = stats.Purchases + Wait(purchases),
        };
    }

    public EntityStats Category(string? category, long micros)
    {
        if (category is null)
        {
            return default;
        }

        // The four fixed reads sent at once, then the late views' buckets.
        var stats = snapshot.Stats.Category(category);
        var views = Count($"cp:cv:{category}", micros);
        var purchases = Count($"cp:cp:{category}", micros);
        var to = Running($"cp:cpr:{category}", micros);
        var from = Running($"cp:cpr:{category}", asOfMicros);
        var ((toCount, toSum), (fromCount, fromSum)) = (Last(Wait(to)), Last(Wait(from)));
        var (lateCount, lateSum) = Late(category, asOfMicros, micros);
        return new EntityStats(
            stats.Views + Wait(views),
            stats.Purchases + Wait(purchases),
            stats.ViewPriceSum + (toSum - fromSum) + lateSum,
            stats.PricedViews + (toCount - fromCount) + lateCount);
    }

    private Task<long> Count(string key, long micros) => redis.SortedSetLengthAsync(key, asOfMicros, micros, Exclude.Stop);

    /// <summary>Waits for a read already sent; sending several first and waiting after pipelines them on the connection.</summary>
    private static T Wait<T>(Task<T> read) => read.GetAwaiter().GetResult();

    /// <summary>
    /// Count and price sum of the category's late views in [<paramref name="from"/>, <paramref name="to"/>):
    /// whole hours and whole minutes from their buckets, the partial minutes at the ends from the
    /// views themselves — a few dozen fields and two short ranges, however many views arrived late.
    /// </summary>
    private (long Count, double Sum) Late(string category, long from, long to)
    {
        if (to <= from)
        {
            return (0, 0);
        }

        var (firstHour, endHour) = (CeilDiv(from, Hour), to / Hour);
        if (firstHour >= endHour)
        {
            return Minutes(category, from, to);
        }

        var hours = Buckets($"cp:clh:{category}", $"cp:clhs:{category}", firstHour, endHour);
        var before = Minutes(category, from, firstHour * Hour);
        var after = Minutes(category, endHour * Hour, to);
        return (hours.Count + before.Count + after.Count, hours.Sum + before.Sum + after.Sum);
    }

    private (long Count, double Sum) Minutes(string category, long from, long to)
    {
        if (to <= from)
        {
            return (0, 0);
        }

        var (firstMinute, endMinute) = (CeilDiv(from, Minute), to / Minute);
        if (firstMinute >= endMinute)
        {
            return Exact(category, from, to);
        }

        var minutes = Buckets($"cp:clm:{category}", $"cp:clms:{category}", firstMinute, endMinute);
        var before = Exact(category, from, firstMinute * Minute);
        var after = Exact(category, endMinute * Minute, to);
        return (minutes.Count + before.Count + after.Count, minutes.Sum + before.Sum + after.Sum);
    }

    private (long Count, double Sum) Exact(string category, long from, long to)
    {
        (long Count, double Sum) total = (0, 0);
        if (to <= from)
        {
            return total;
        }

        foreach (var member in redis.SortedSetRangeByScore($"cp:cpl:{category}", from, to, Exclude.Stop))
        {
            var text = member.ToString();
            total = (total.Count + 1, total.Sum + double.Parse(text[(text.LastIndexOf('|') + 1)..], CultureInfo.InvariantCulture));
        }

        return total;
    }

    private (long Count, double Sum) Buckets(string countsKey, string sumsKey, long first, long end)
    {
        var fields = new RedisValue[end - first];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = first + i;
        }

        var (countsRead, sumsRead) = (redis.HashGetAsync(countsKey, fields), redis.HashGetAsync(sumsKey, fields));
        var (counts, sums) = (Wait(countsRead), Wait(sumsRead));
        (long Count, double Sum) total = (0, 0);
        for (var i = 0; i < fields.Length; i++)
        {
            if (counts[i].HasValue)
            {
                total = (total.Count + (long)counts[i], total.Sum + double.Parse(sums[i].ToString(), CultureInfo.InvariantCulture));
            }
        }

        return total;
    }

    private static long CeilDiv(long value, long unit) => (value + unit - 1) / unit;

    /// <summary>The last in-order view strictly before <paramref name="micros"/>, if any.</summary>
    private Task<RedisValue[]> Running(string key, long micros) =>
        redis.SortedSetRangeByScoreAsync(key, double.NegativeInfinity, micros, Exclude.Stop, Order.Descending, 0, 1);

    /// <summary>The running count and price sum a <see cref="Running"/> member holds (zero when there is none).</summary>
    private static (long Count, double Sum) Last(RedisValue[] last)
    {
        if (last.Length == 0)
        {
            return (0, 0);
        }

        var parts = last[0].ToString().Split('|');
        return (long.Parse(parts[^2], CultureInfo.InvariantCulture), double.Parse(parts[^1], CultureInfo.InvariantCulture));
    }

    private static RedisKey Seen(string eventId) => $"cp:e:{eventId}";

    private static RedisKey UserKey(string userId) => $"cp:u:{userId}";

    private static IEnumerable<RedisKey> Keys(LiveEvent e)
    {
        yield return RedisOutbox.Stream;
        yield return Seen(e.EventId);
        yield return UserKey(e.UserId);
        if (e.Type is not (EventType.View or EventType.Purchase))
        {
            yield break;
        }

        var view = e.Type == EventType.View;
        yield return view ? $"cp:iv:{e.ItemId}" : $"cp:ip:{e.ItemId}";
        if (e.Category is { } category)
        {
            yield return view ? $"cp:cv:{category}" : $"cp:cp:{category}";
            if (view && e.Price is not null)
            {
                yield return $"cp:cpr:{category}";
                yield return $"cp:cpl:{category}";
                yield return $"cp:clm:{category}";
                yield return $"cp:clms:{category}";
                yield return $"cp:clh:{category}";
                yield return $"cp:clhs:{category}";
            }
        }
    }

    private static IEnumerable<RedisValue> Values(LiveEvent e)
    {
        var nanos = e.Price is { } p ? LiveHistory.Nanos(p) : 0;
        yield return LiveEventLog.Serialize(new LiveEventLog.Logged(e, Flushed: false));
        yield return (long)SeenFor.TotalSeconds;
        yield return e.Micros;
        yield return string.Create(CultureInfo.InvariantCulture, $"{e.EventId}|{(int)e.Type}|{nanos}|{e.Micros}|{(e.SessionId is null ? "" : Uri.EscapeDataString(e.SessionId))}");
        if (e.Type is not (EventType.View or EventType.Purchase))
        {
            yield break;
        }

        yield return e.EventId;
        if (e.Category is not null)
        {
            yield return e.EventId;
            if (e.Type == EventType.View && e.Price is { } price)
            {
                yield return price.ToString("R", CultureInfo.InvariantCulture);
            }
        }
    }
}
