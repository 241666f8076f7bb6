using ClickPredict.Events;

namespace ClickPredict.Generation;

/// <summary>The canonical spelling of each event type in files, indexed by <see cref="EventType"/>.</summary>
internal static class EventTypeNames
{
    public static readonly string[] All = ["view", "cart", "remove_from_cart", "purchase"];

    public static string Of(EventType type) => All[(int)type];
}
