namespace ClickPredict.Features;

/// <summary>
/// Every session key of a <see cref="SilverEvents"/>, as text in a few large blocks instead of one
/// string each: a build holds millions of keys until its last example is written, and as strings they
/// were copied from generation to generation by every collection on the way (at 10 M events, 0.3 s of
/// the garbage collector's pauses). A key is handed out as a slice of its block.
/// </summary>
internal sealed class SessionKeyStore
{
    private const int BlockChars = 1 << 20;

    private readonly List<char[]> blocks = [];
    private readonly List<(int Block, int Start, int Length)> keys = [];
    private int used = BlockChars;

    public int Count => keys.Count;

    public ReadOnlyMemory<char> this[int index]
    {
        get
        {
            var (block, start, length) = keys[index];
            return blocks[block].AsMemory(start, length);
        }
    }

    /// <summary>Stores <paramref name="key"/> as the next one.</summary>
    public void Add(ReadOnlySpan<char> key)
    {
        var target = Room(key.Length);
        key.CopyTo(target);
        Added(key.Length);
    }

    /// <summary>Stores the key <see cref="Sessions.SessionKey"/> makes of a user, a source id or a gap session's start.</summary>
    public void Add(string user, string? sourceId, long startMicros) =>
        Added(Sessions.SessionKey.Write(Room(Sessions.SessionKey.MaxLength(user, sourceId)), user, sourceId, startMicros));

    /// <summary>Room for a key of up to <paramref name="length"/> characters, at the end of the last block or in a new one.</summary>
    private Span<char> Room(int length)
    {
        if (BlockChars - used < length)
        {
            blocks.Add(new char[Math.Max(BlockChars, length)]);
            used = 0;
        }

        return blocks[^1].AsSpan(used);
    }

    private void Added(int length)
    {
        keys.Add((blocks.Count - 1, used, length));
        used += length;
    }
}
