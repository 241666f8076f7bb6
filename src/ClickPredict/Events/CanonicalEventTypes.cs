namespace ClickPredict.Events;

/// <summary>The event-type vocabulary, spelled once: ingest, mappings, quality, the generator and the API use these names.</summary>
internal static class CanonicalEventTypes
{
    public const string View = "view";
    public const string Cart = "cart";
    public const string RemoveFromCart = "remove_from_cart";
    public const string Purchase = "purchase";

    /// <summary>Every type, indexed by <see cref="EventType"/>.</summary>
    public static readonly IReadOnlyList<string> All = [View, Cart, RemoveFromCart, Purchase];

    public static readonly IReadOnlyDictionary<string, string> Identity =
        All.ToDictionary(t => t, t => t, StringComparer.Ordinal);

    public static bool IsCanonical(string name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>The name <paramref name="type"/> is written with in files.</summary>
    public static string Name(EventType type) => All[(int)type];
}
