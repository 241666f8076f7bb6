using System.Text;

namespace ClickPredict.Storage;

/// <summary>
/// Dense numbers for the ids a DuckDB query returns, in order of first appearance; the names are kept
/// once each, so a reader of millions of rows makes one string per distinct id.
/// </summary>
internal sealed class IdNumbers
{
    private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<UInt128, int> inline = [];
    private char[] chars = new char[64];

    public IdNumbers() => Lookup = numbers.GetAlternateLookup<ReadOnlySpan<char>>();

    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

    public List<string> Names { get; } = [];

    /// <summary>Numbers <paramref name="names"/> 0.. in their order, before any other id.</summary>
    public void Seed(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            Number(name);
        }
    }

    /// <summary>
    /// The number of a chunk's VARCHAR value. A short id (most are) is looked up by DuckDB's 16 bytes
    /// for it, without decoding: a third of reading silver went to decoding and hashing ids as text.
    /// </summary>
    public int Number(DuckDbChunks chunks, int column, int row) =>
        chunks.TryInline(column, row, out var key) ? Inline(key, chunks.Utf8(column, row)) : Number(chunks.Utf8(column, row));

    /// <summary>The number of a value <see cref="DetachedText"/> copied out of a chunk (not its NULL).</summary>
    public int Number(UInt128 value, DetachedText texts) =>
        DetachedText.IsInline(value) ? Inline(value, texts.Bytes(ref value)) : Number(texts.Bytes(ref value));

    /// <summary>The number of a short id by DuckDB's 16 bytes for it; <paramref name="utf8"/> is decoded only the first time.</summary>
    private int Inline(UInt128 key, ReadOnlySpan<byte> utf8)
    {
        if (!inline.TryGetValue(key, out var number))
        {
            number = Number(utf8);
            inline.Add(key, number);
        }

        return number;
    }

    /// <summary>The number of an id given as UTF-8; a string is made only for an id not seen before.</summary>
    private int Number(ReadOnlySpan<byte> utf8)
    {
        if (chars.Length < Encoding.UTF8.GetMaxCharCount(utf8.Length))
        {
            chars = new char[Encoding.UTF8.GetMaxCharCount(utf8.Length)];
        }

        var name = chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars));
        return Lookup.TryGetValue(name, out var number) ? number : Number(name.ToString());
    }

    /// <summary>The number of <paramref name="name"/> if it was seen; no number is made for it.</summary>
    public bool TryGetNumber(ReadOnlySpan<char> name, out int number) => Lookup.TryGetValue(name, out number);

    public int Number(string name)
    {
        if (!numbers.TryGetValue(name, out var number))
        {
            number = Names.Count;
            numbers.Add(name, number);
            Names.Add(name);
        }

        return number;
    }
}
