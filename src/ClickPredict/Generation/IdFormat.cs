using System.Globalization;

namespace ClickPredict.Generation;

internal sealed record IdFormat(char Prefix, string Digits)
{
    /// <summary>Longest id this format can produce for an int index.</summary>
    public const int MaxLength = 12;

    public int Format(int index, Span<char> destination)
    {
        destination[0] = Prefix;
        (index + 1).TryFormat(destination[1..], out var written, Digits, CultureInfo.InvariantCulture);
        return written + 1;
    }

    public int Format(int index, Span<byte> destination)
    {
        destination[0] = (byte)Prefix;
        (index + 1).TryFormat(destination[1..], out var written, Digits, CultureInfo.InvariantCulture);
        return written + 1;
    }

    public string Text(int index)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(buffer[..Format(index, buffer)]);
    }
}
