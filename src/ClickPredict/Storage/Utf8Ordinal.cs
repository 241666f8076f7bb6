namespace ClickPredict.Storage;

/// <summary>Compares text as DuckDB orders VARCHAR: by its UTF-8 bytes.</summary>
internal static class Utf8Ordinal
{
    /// <summary>
    /// Ordinal UTF-16 order is UTF-8 byte order except that surrogates (U+D800–U+DFFF, code points
    /// past U+FFFF) must come after U+E000–U+FFFF.
    /// </summary>
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        return Weight(a[common]).CompareTo(Weight(b[common]));

        static int Weight(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
