using ClickPredict.Events;

namespace ClickPredict.Features;

/// <summary>
/// One event of a prefix with the per-event columns <c>Sql/prefix_events.sql</c> computes for it;
/// <see cref="Fill"/> is the C# twin of that file. A missing value (no price, no previous event) is NaN,
/// as SQL NULL is, and the aggregates in <see cref="FeatureInputs"/> skip it as SQL aggregates skip NULL.
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
    public static void Fill(ReadOnlySpan<SessionEvent> events, Span<PrefixEvent> facts)
    {
        for (var i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            var firstOfItem = true;
            var firstOfCategory = e.Category is not null;
            var itemViews = e.Type == EventType.View ? 1 : 0;
            var categoryViews = itemViews;
            for (var j = 0; j < i; j++)
            {
                ref readonly var earlier = ref events[j];
                var isView = earlier.Type == EventType.View ? 1 : 0;
                if (string.Equals(earlier.ItemId, e.ItemId, StringComparison.Ordinal))
                {
                    firstOfItem = false;
                    itemViews += isView;
                }

                if (e.Category is not null && string.Equals(earlier.Category, e.Category, StringComparison.Ordinal))
                {
                    firstOfCategory = false;
                    categoryViews += isView;
                }
            }

            facts[i] = new PrefixEvent(
                e.Micros,
                e.Type,
                e.Price ?? double.NaN,
                i == 0 ? double.NaN : (e.Micros - events[i - 1].Micros) / 1e6,
                firstOfItem,
                itemViews,
                firstOfCategory,
                e.Category is null ? 0 : categoryViews);
        }
    }
}
