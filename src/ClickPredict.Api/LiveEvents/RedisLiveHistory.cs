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
    // With a price (a category view: then ARGV ends with it and is 6 shorter than KEYS), the last eight
    // KEYS are the category's running-price set, its set of late arrivals, the late arrivals' minute
    // counts and sums and hour counts and sums, and the indexes of the minutes and hours that have any:
    // a view later than every one before goes to the first with the running count and price sum after
    // it (so "before t" is one lookup), any other to the second and into its minute's and hour's buckets.
    private const string RecordScript = """
        local outbox, entry = table.remove(KEYS, 1), table.remove(ARGV, 1)
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
        redis.call('XADD', outbox, '*', 'e', entry)
        local sets = #KEYS
        local price = nil
        if #ARGV == #KEYS - 6 then sets = #KEYS - 8; price = ARGV[#ARGV] end
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
            redis.call('ZADD', KEYS[sets + 7], minute, minute)
            redis.call('ZADD', KEYS[sets + 8], hour, hour)
          end
        end
        return 1
        """;

    // One prediction's reads, all over [ARGV[1], ARGV[2]) = [snapshot cutoff, session start): KEYS are the
    // user's events, the item's views and purchases, the category's views, purchases, in-order priced
    // views, late priced views, the late views' minute counts and sums and hour counts and sums, and the
    // indexes of minutes and hours with late views (so a range reads only buckets that exist);
    // ARGV[3] is 0 without a category. Returns the user's members, four counts, the last in-order view
    // before the start and before the cutoff (their running count and sum; '' when none), and the late
    // views' count and sum: whole hours and minutes from the buckets, the partial minutes at the ends
    // from the views, summed in that order. Numbers go out through string.format: Lua prints a double
    // with 14 digits, and a time in microseconds has 16.
    private const string ReadScript = """
        local from, to = tonumber(ARGV[1]), tonumber(ARGV[2])
        local MINUTE, HOUR = 60000000, 3600000000
        local function n(x) return string.format('%.0f', x) end
        local function count(key) return redis.call('ZCOUNT', key, n(from), '(' .. n(to)) end
        local function last(key, before)
          local found = redis.call('ZREVRANGEBYSCORE', key, '(' .. n(before), '-inf', 'LIMIT', 0, 1)
          return found[1] or ''
        end
        local function exact(a, b)
          local c, s = 0, 0
          if b <= a then return c, s end
          for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[7], n(a), '(' .. n(b))) do
            c = c + 1
            s = s + tonumber(string.match(m, '|([^|]*)$'))
          end
          return c, s
        end
        local function buckets(counts, sums, index, first, stop)
          local fields = redis.call('ZRANGEBYSCORE', index, n(first), '(' .. n(stop))
          if #fields == 0 then return 0, 0 end
          local cs, ss = redis.call('HMGET', counts, unpack(fields)), redis.call('HMGET', sums, unpack(fields))
          local c, s = 0, 0
          for i = 1, #fields do
            if cs[i] then c = c + tonumber(cs[i]); s = s + tonumber(ss[i]) end
          end
          return c, s
        end
        local function split(a, b, unit, whole, within)
          if b <= a then return 0, 0 end
          local first, stop = math.floor((a + unit - 1) / unit), math.floor(b / unit)
          if first >= stop then return within(a, b) end
          local wc, ws = whole(first, stop)
          local bc, bs = within(a, first * unit)
          local ac, as = within(stop * unit, b)
          return wc + bc + ac, ws + bs + as
        end
        local function minutes(a, b) return split(a, b, MINUTE, function(f, s) return buckets(KEYS[8], KEYS[9], KEYS[12], f, s) end, exact) end
        local function late(a, b) return split(a, b, HOUR, function(f, s) return buckets(KEYS[10], KEYS[11], KEYS[13], f, s) end, minutes) end
        local user = redis.call('ZRANGEBYSCORE', KEYS[1], n(from), '(' .. n(to))
        if ARGV[3] == '0' then
          return { user, count(KEYS[2]), count(KEYS[3]), 0, 0, '', '', 0, '0' }
        end
        local lc, ls = 0, 0
        if redis.call('EXISTS', KEYS[7]) == 1 then lc, ls = late(from, to) end
        return { user, count(KEYS[2]), count(KEYS[3]), count(KEYS[4]), count(KEYS[5]), last(KEYS[6], to), last(KEYS[6], from), lc, string.format('%.17g', ls) }
        """;

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

    /// <summary>Everything a prediction reads from Redis, in one call of <see cref="ReadScript"/>.</summary>
    public LiveReads Read(string userId, string itemId, string? category, long micros)
    {
        var c = category ?? "";
        RedisKey[] keys =
        [
            UserKey(userId), $"cp:iv:{itemId}", $"cp:ip:{itemId}", $"cp:cv:{c}", $"cp:cp:{c}", $"cp:cpr:{c}",
            $"cp:cpl:{c}", $"cp:clm:{c}", $"cp:clms:{c}", $"cp:clh:{c}", $"cp:clhs:{c}", $"cp:clmi:{c}", $"cp:clhi:{c}",
        ];
        var read = (RedisResult[])redis.ScriptEvaluate(ReadScript, keys, [asOfMicros, micros, category is null ? 0 : 1])!;
        var item = snapshot.Stats.Item(itemId);
        var stats = snapshot.Stats.Category(c);
        var ((toCount, toSum), (fromCount, fromSum)) = (Running((string)read[5]!), Running((string)read[6]!));
        var (lateCount, lateSum) = ((long)read[7], double.Parse((string)read[8]!, CultureInfo.InvariantCulture));
        return new LiveReads(
            User(userId, (RedisValue[])read[0]!, micros),
            item with { Views = item.Views + (long)read[1], Purchases = item.Purchases + (long)read[2] },
            category is null
                ? default
                : new EntityStats(
                    stats.Views + (long)read[3],
                    stats.Purchases + (long)read[4],
                    stats.ViewPriceSum + (toSum - fromSum) + lateSum,
                    stats.PricedViews + (toCount - fromCount) + lateCount));
    }

    private UserHistory User(string userId, RedisValue[] members, long micros)
    {
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

    /// <summary>The running count and price sum an in-order view's member holds (zero when there is none).</summary>
    private static (long Count, double Sum) Running(string member)
    {
        if (member.Length == 0)
        {
            return (0, 0);
        }

        var parts = member.Split('|');
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
                yield return $"cp:clmi:{category}";
                yield return $"cp:clhi:{category}";
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
