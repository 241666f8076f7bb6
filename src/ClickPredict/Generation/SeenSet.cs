namespace ClickPredict.Generation;

/// <summary>A growable bit set over non-negative ints that counts its members.</summary>
internal sealed class SeenSet
{
    private ulong[] _words = new ulong[1024];

    public int Count { get; private set; }

    public bool Add(int value)
    {
        var word = value >> 6;
        if (word >= _words.Length)
        {
            Array.Resize(ref _words, Math.Max(word + 1, _words.Length * 2));
        }

        var mask = 1UL << (value & 63);
        if ((_words[word] & mask) != 0)
        {
            return false;
        }

        _words[word] |= mask;
        Count++;
        return true;
    }
}
