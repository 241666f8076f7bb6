namespace ClickPredict.Events;

internal static class CanonicalEventTypes
{
    public const string View = "view";
    public const string Cart = "cart";
    public const string RemoveFromCart = "remove_from_cart";
    public const string Purchase = "purchase";

    public static readonly IReadOnlyList<string> All = [View, Cart, RemoveFromCart, Purchase];

    public static readonly IReadOnlyDictionary<string, string> Identity =
        All.ToDictionary(t => t, t => t, StringComparer.Ordinal);

    public static bool IsCanonical(string name) => All.Contains(name, StringComparer.Ordinal);
}
