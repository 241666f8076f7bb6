namespace ClickPredict.Generation;

/// <summary>One generated event as indexes into the simulation's tables; 24 bytes, no references.</summary>
internal struct GeneratedEvent
{
    public long UnixMs;
    public int Session;
    public int User;
    public int Item;
    public ushort Sequence;

    /// <summary>An <see cref="Events.EventType"/> stored as a byte.</summary>
    public byte Type;
}
