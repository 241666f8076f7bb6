using ClickPredict.Events;

namespace ClickPredict.Features;

/// <summary>
/// One event of a prefix with the per-event columns <c>Sql/prefix_events.sql</c> computes for it;
/// <see cref="Fill"/> is the C# twin of that file. A missing value (no price, no previous event) is NaN,
/// as SQL NULL is, and the aggregates in <see cref="PrefixSummary"/> skip it as SQL aggregates skip NULL.
/// </summary>
internal readonly record struct PrefixEvent(
    long Micros,
    EventType Type,
    double Price,
    double GapSeconds,
    bool FirstOfItem,
    int ItemViewsSoFar,
    bool FirstOfCategory,
    int CategoryViewsSoFar)
{
    /// <summary>Fills <paramref name="facts"/> for <paramref name="events"/>, which are in session order. Quadratic in the prefix length, which is short.</summary>
    public static void Fill(ReadOnlySpan<SessionEvent> events, Span<PrefixEvent> facts) => Fill(new SessionEvents(events), facts);

    /// <summary>
    /// Fills <paramref name="facts"/> for a session's events however they are held: serving's
    /// <see cref="SessionEvent"/>s, or the features build's silver columns with ids as numbers (one
    /// definition, compiled for each, so the two cannot drift apart).
    /// </summary>
    public static void Fill<TEvents>(TEvents events, Span<PrefixEvent> facts)
        where TEvents : IPrefixEvents, allows ref struct
    {
        for (var i = 0; i < events.Count; i++)
        {
            var type = events.Type(i);
            var micros = events.Micros(i);
            var hasCategory = events.HasCategory(i);
            var firstOfItem = true;
            var firstOfCategory = hasCategory;
            var itemViews = type == EventType.View ? 1 : 0;
            var categoryViews = itemViews;
            for (var j = 0; j < i; j++)
            {
                var isView = events.Type(j) == EventType.View ? 1 : 0;
                if (events.SameItem(j, i))
                {
                    firstOfItem = false;
                    itemViews += isView;
                }

                if (hasCategory && events.SameCategory(j, i))
                {
                    firstOfCategory = false;
                    categoryViews += isView;
                }
            }

            facts[i] = new PrefixEvent(
                micros,
                type,
                events.Price(i),
                i == 0 ? double.NaN : (micros - events.Micros(i - 1)) / 1e6,
                firstOfItem,
                itemViews,
                firstOfCategory,
                hasCategory ? categoryViews : 0);
        }
    }

    /// <summary>Serving's events as <see cref="Fill{TEvents}"/> reads them: ids compared as text.</summary>
    private readonly ref struct SessionEvents(ReadOnlySpan<SessionEvent> events) : IPrefixEvents
    {
        private readonly ReadOnlySpan<SessionEvent> events = events;

        public int Count => events.Length;

        public long Micros(int i) => events[i].Micros;

        public EventType Type(int i) => events[i].Type;

        public double Price(int i) => events[i].Price ?? double.NaN;

        public bool HasCategory(int i) => events[i].Category is not null;

        public bool SameItem(int earlier, int i) => string.Equals(events[earlier].ItemId, events[i].ItemId, StringComparison.Ordinal);

        public bool SameCategory(int earlier, int i) => string.Equals(events[earlier].Category, events[i].Category, StringComparison.Ordinal);
    }
}

/// <summary>A session's events as <see cref="PrefixEvent.Fill{TEvents}"/> reads them, in session order.</summary>
internal interface IPrefixEvents
{
    int Count { get; }

    long Micros(int i);

    EventType Type(int i);

    /// <summary>The event's price; NaN when it has none.</summary>
    double Price(int i);

    bool HasCategory(int i);

    /// <summary>Whether events <paramref name="earlier"/> and <paramref name="i"/> are of the same item.</summary>
    bool SameItem(int earlier, int i);

    /// <summary>Whether event <paramref name="earlier"/> has event <paramref name="i"/>'s category (false when it has none).</summary>
    bool SameCategory(int earlier, int i);
}
