namespace ClickPredict.Events;

/// <summary>The canonical event types every source vocabulary maps onto.</summary>
public enum EventType
{
    View,
    Cart,
    RemoveFromCart,
    Purchase,
}
