using ClickPredict.Events;
using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>
/// History strictly before any instant, over an online snapshot and the events recorded since its
/// cutoff: in process (<see cref="LiveHistory"/>) or in a shared store.
/// </summary>
internal interface ILiveHistory
{
    OnlineSnapshot Snapshot { get; }

    /// <summary>True when an event with this id was recorded.</summary>
    bool Contains(string eventId);

    /// <summary>Records each event once (by id); events before the snapshot's cutoff are not applied.</summary>
    LiveOutcome[] Record(IReadOnlyList<LiveEvent> events);

    /// <summary>What a prediction reads, all strictly before <paramref name="micros"/>: the user's history and the last event's item and category (a shared store answers in one call).</summary>
    LiveReads Read(string userId, string itemId, string? category, long micros);
}

/// <summary>A prediction's history reads: the user's, and the last event's item's and category's.</summary>
internal readonly record struct LiveReads(UserHistory User, EntityStats Item, EntityStats Category);

/// <summary>One event as the shop reports it live: <see cref="EventId"/> makes a retry harmless.</summary>
internal sealed record LiveEvent(
    string EventId, string UserId, string? SessionId, long Micros, EventType Type, string ItemId, string? Category, double? Price, string? Brand = null);

/// <summary>
/// The online state between two features builds: the snapshot (history strictly before its cutoff)
/// plus every event recorded since, kept per user, item and category in time order, so that history
/// strictly before any instant — a session's start — is what the offline features define for it:
/// sessions counted from their start (a source session id's first event, or a gap start among the
/// user's events without one), conversions from a session's first purchase, purchases, spend, views
/// and viewed prices from the event's time. Recording is idempotent by event id. Events before the
/// snapshot's cutoff are not applied: the snapshot already speaks for that time. One lock guards it;
/// reads are short walks over one user's events and binary searches over an item's.
/// <para>
/// Known limit: a session open at the snapshot's cutoff (started before it, continued live) counts
/// as a new session from its first live event, and a user's first live event without a session id
/// starts a gap session even when their last event before the cutoff was less than the gap before.
/// </para>
/// </summary>
internal sealed class LiveHistory(OnlineSnapshot snapshot, TimeSpan gap) : ILiveHistory
{
    private readonly Lock gate = new();
    private readonly long asOfMicros = EpochMicros.Of(snapshot.AsOf);
    private readonly long gapMicros = gap.Ticks / TimeSpan.TicksPerMicrosecond;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<UserEvent>> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Timeline Views, Timeline Purchases)> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Timeline Views, Timeline Purchases)> categories = new(StringComparer.Ordinal);

    public OnlineSnapshot Snapshot => snapshot;

    /// <summary>Events applied since the snapshot.</summary>
    public int Applied { get; private set; }

    /// <summary>True when an event with this id was recorded (applied or not).</summary>
    public bool Contains(string eventId)
    {
        lock (gate)
        {
            return seen.Contains(eventId);
        }
    }

    public LiveOutcome[] Record(IReadOnlyList<LiveEvent> events) => [.. events.Select(Record)];

    /// <summary>Records <paramref name="e"/>: <see cref="LiveOutcome.Applied"/>, a duplicate of an event already recorded, or before the snapshot's cutoff.</summary>
    public LiveOutcome Record(LiveEvent e)
    {
        lock (gate)
        {
            if (!seen.Add(e.EventId))
            {
                return LiveOutcome.Duplicate;
            }

            if (e.Micros < asOfMicros)
            {
                return LiveOutcome.BeforeSnapshot;
            }

            var nanos = e.Price is { } p ? Nanos(p) : 0;
            Insert(UserEvents(e.UserId), new UserEvent(e.Micros, e.Type, nanos, e.SessionId));
            if (e.Type is EventType.View or EventType.Purchase)
            {
                var item = Entity(items, e.ItemId);
                (e.Type == EventType.View ? item.Views : item.Purchases).Add(e.Micros, e.Price is null ? null : nanos);
                if (e.Category is { } category)
                {
                    var stats = Entity(categories, category);
                    (e.Type == EventType.View ? stats.Views : stats.Purchases).Add(e.Micros, e.Price is null ? null : nanos);
                }
            }

            Applied++;
            return LiveOutcome.Applied;
        }
    }

    /// <summary>The user's history strictly before <paramref name="micros"/>.</summary>
    public UserHistory User(string userId, long micros)
    {
        var base_ = snapshot.User(userId);
        lock (gate)
        {
            return users.TryGetValue(userId, out var events) ? Add(base_, events, micros, gapMicros) : base_;
        }
    }

    /// <summary>
    /// <paramref name="base_"/> (history before the snapshot's cutoff) plus the user's live
    /// <paramref name="events"/> (in time order; ties in any order) strictly before <paramref name="micros"/>:
    /// sessions from a session id's first event or a gap start among the events without one,
    /// conversions at a session's first purchase, purchases, spend in exact nanos, first and last event.
    /// </summary>
    internal static UserHistory Add(UserHistory base_, IReadOnlyList<UserEvent> events, long micros, long gapMicros)
    {
        if (events.Count == 0 || events[0].Micros >= micros)
        {
            return base_;
        }

        long sessions = 0, converted = 0, purchases = 0, last = 0;
        Int128 spend = 0;
        var first = events[0].Micros;
        var keys = new Dictionary<string, bool>(StringComparer.Ordinal);
        long? previousGapEvent = null;
        var gapSessionBought = false;
        foreach (var e in events)
        {
            if (e.Micros >= micros)
            {
                break;
            }

            last = e.Micros;
            var bought = e.Type == EventType.Purchase;
            if (bought)
            {
                purchases++;
                spend += e.PriceNanos;
            }

            if (e.SessionId is { } key)
            {
                if (keys.TryGetValue(key, out var keyBought))
                {
                    converted += bought && !keyBought ? 1 : 0;
                    keys[key] = keyBought || bought;
                }
                else
                {
                    sessions++;
                    converted += bought ? 1 : 0;
                    keys[key] = bought;
                }
            }
            else
            {
                if (previousGapEvent is not { } previous || e.Micros - previous >= gapMicros)
                {
                    sessions++;
                    gapSessionBought = false;
                }

                converted += bought && !gapSessionBought ? 1 : 0;
                gapSessionBought |= bought;
                previousGapEvent = e.Micros;
            }
        }

        return new UserHistory(
            base_.Sessions + sessions,
            base_.ConvertedSessions + converted,
            base_.Purchases + purchases,
            (double)(Nanos(base_.Spend) + spend) / 1e9,
            base_.Known ? base_.FirstSeenMicros : first,
            base_.Known ? Math.Max(base_.LastEventMicros, last) : last);
    }

    public LiveReads Read(string userId, string itemId, string? category, long micros) => new(User(userId, micros), Item(itemId, micros), Category(category, micros));

    /// <summary>The item's views and purchases strictly before <paramref name="micros"/>.</summary>
    public EntityStats Item(string itemId, long micros) => Stats(items, snapshot.Stats.Item(itemId), itemId, micros);

    /// <summary>The category's views, purchases and viewed prices strictly before <paramref name="micros"/>.</summary>
    public EntityStats Category(string? category, long micros) =>
        category is null ? default : Stats(categories, snapshot.Stats.Category(category), category, micros);

    private EntityStats Stats(Dictionary<string, (Timeline Views, Timeline Purchases)> entities, EntityStats base_, string id, long micros)
    {
        lock (gate)
        {
            if (!entities.TryGetValue(id, out var live))
            {
                return base_;
            }

            var (views, priced, priceNanos) = live.Views.Before(micros);
            return new EntityStats(
                base_.Views + views,
                base_.Purchases + live.Purchases.Before(micros).Count,
                (double)(Nanos(base_.ViewPriceSum) + priceNanos) / 1e9,
                base_.PricedViews + priced);
        }
    }

    private List<UserEvent> UserEvents(string userId)
    {
        if (!users.TryGetValue(userId, out var events))
        {
            users[userId] = events = [];
        }

        return events;
    }

    private static (Timeline Views, Timeline Purchases) Entity(Dictionary<string, (Timeline, Timeline)> entities, string id)
    {
        if (!entities.TryGetValue(id, out var timelines))
        {
            entities[id] = timelines = (new Timeline(), new Timeline());
        }

        return timelines;
    }

    /// <summary>Inserts in time order; ties keep arrival order (history before an instant does not depend on it).</summary>
    private static void Insert(List<UserEvent> events, UserEvent e)
    {
        var at = events.Count;
        while (at > 0 && events[at - 1].Micros > e.Micros)
        {
            at--;
        }

        events.Insert(at, e);
    }

    /// <summary>A price as DuckDB casts it to DECIMAL(38, 9), as the replay sums it: exact, whatever the order.</summary>
    internal static Int128 Nanos(double value) => (Int128)Math.Round(value * 1e9);

    /// <summary>One live event of a user, as the history needs it.</summary>
    internal readonly record struct UserEvent(long Micros, EventType Type, Int128 PriceNanos, string? SessionId);

    /// <summary>
    /// Event times in order, with the running count and sum of their prices (for views of a category).
    /// Events mostly arrive in time order: an append extends the running sums, an earlier event
    /// inserted in the middle has them recomputed at the next read.
    /// </summary>
    private sealed class Timeline
    {
        private readonly List<long> times = [];
        private readonly List<Int128?> prices = [];
        private readonly List<long> pricedBefore = [0];
        private readonly List<Int128> sumBefore = [0];
        private bool stale;

        public void Add(long micros, Int128? priceNanos)
        {
            var at = times.Count;
            while (at > 0 && times[at - 1] > micros)
            {
                at--;
            }

            times.Insert(at, micros);
            prices.Insert(at, priceNanos);
            if (at == times.Count - 1 && !stale)
            {
                pricedBefore.Add(pricedBefore[^1] + (priceNanos is null ? 0 : 1));
                sumBefore.Add(sumBefore[^1] + (priceNanos ?? 0));
            }
            else
            {
                stale = true;
            }
        }

        /// <summary>How many events, how many with a price and the prices' sum, strictly before <paramref name="micros"/>.</summary>
        public (long Count, long Priced, Int128 Sum) Before(long micros)
        {
            var count = LowerBound(micros);
            if (stale)
            {
                Accumulate();
            }

            return (count, pricedBefore[count], sumBefore[count]);
        }

        private int LowerBound(long micros)
        {
            int low = 0, high = times.Count;
            while (low < high)
            {
                var mid = (low + high) >>> 1;
                if (times[mid] < micros)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low;
        }

        private void Accumulate()
        {
            pricedBefore.RemoveRange(1, pricedBefore.Count - 1);
            sumBefore.RemoveRange(1, sumBefore.Count - 1);
            for (var i = 0; i < times.Count; i++)
            {
                pricedBefore.Add(pricedBefore[i] + (prices[i] is null ? 0 : 1));
                sumBefore.Add(sumBefore[i] + (prices[i] ?? 0));
            }

            stale = false;
        }
    }
}

/// <summary>What recording one live event did.</summary>
internal enum LiveOutcome
{
    Applied,
    Duplicate,
    BeforeSnapshot,
}
