using System.Runtime.InteropServices;

namespace ClickPredict.Features;

/// <summary>
/// The order silver gives a session's events (time, then view &lt; cart &lt; remove_from_cart &lt; purchase,
/// then item, price, category, brand, nulls first). Prefix features depend on it, so the online path
/// must see events in exactly this order. Text compares ordinally, as DuckDB compares VARCHAR bytes.
/// </summary>
internal sealed class SessionEventOrder : IComparer<SessionEvent>
{
    public static SessionEventOrder Instance { get; } = new();

    public static void Sort(Span<SessionEvent> events) => events.Sort(Instance);

    public static bool IsSorted(ReadOnlySpan<SessionEvent> events)
    {
        for (var i = 1; i < events.Length; i++)
        {
            if (Instance.Compare(events[i - 1], events[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    public static void Sort(List<SessionEvent> events) => Sort(CollectionsMarshal.AsSpan(events));

    public int Compare(SessionEvent x, SessionEvent y)
    {
        var order = x.Micros.CompareTo(y.Micros);
        if (order == 0)
        {
            order = x.Type.CompareTo(y.Type);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(x.ItemId, y.ItemId);
        }

        if (order == 0)
        {
            order = Nullable.Compare(x.Price, y.Price);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(x.Category, y.Category);
        }

        return order != 0 ? order : string.CompareOrdinal(x.Brand, y.Brand);
    }
}
