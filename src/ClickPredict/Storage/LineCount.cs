namespace ClickPredict.Storage;

/// <summary>
/// Lines of a text read in chunks, as an editor counts them: its line feeds, and a last line without one.
/// One home for the rule: the content hash counts a source's lines as it reads it, and a compressed CSV's are counted decompressed.
/// </summary>
internal struct LineCount()
{
    private long lineFeeds;
    private byte last = (byte)'\n';

    public void Add(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        lineFeeds += bytes.Count((byte)'\n');
        last = bytes[^1];
    }

    public readonly long Total => lineFeeds + (last == '\n' ? 0 : 1);
}
