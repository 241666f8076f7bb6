namespace ClickPredict.Events;

/// <summary>
/// The CSV reader's quoting rules, a byte at a time, for the scans that run when DuckDB cannot read a
/// file (<see cref="LineEnds"/>, <see cref="CsvDiagnosis"/>): a quote opens a value only at the start of
/// a field (one inside an unquoted value, <c>TV 55" screen</c>, is text); inside a quoted value a doubled
/// quote stands for itself and a single one closes it, or, with an escape character other than the quote
/// (a backslash), that character makes the byte after it part of the value.
/// </summary>
internal struct CsvQuoting(byte separator, int quote, int escape)
{
    /// <summary>What to do about a quote that never closes, for the messages that find one.</summary>
    public const string UnclosedQuoteAdvice = "close or remove that quote (or set the mapping's \"quote\" to \"\" if this source never quotes values)";


    private bool fieldStart = true;
    private bool pendingQuote;
    private bool escaped;

    public readonly byte Separator => separator;

    /// <summary>The quote byte, or -1 for none.</summary>
    public readonly int Quote => quote;

    /// <summary>How many fields <paramref name="line"/> splits into on its own under these rules (from a field's start).</summary>
    public readonly int Fields(ReadOnlySpan<byte> line)
    {
        var (rules, fields) = (new CsvQuoting(separator, quote, escape), 1);
        foreach (var b in line)
        {
            fields += !rules.Take(b) && b == separator ? 1 : 0;
        }

        return fields;
    }

    /// <summary>Whether the last byte taken is inside a quoted value (its quotes included).</summary>
    public bool Quoted { get; private set; }

    /// <summary>Whether the input so far ends inside a quoted value that was never closed.</summary>
    public readonly bool Open => Quoted && !pendingQuote;

    /// <summary>
    /// The rules for a mapping's separator, quote (empty for none) and escape (empty for the quote itself),
    /// or null unless each is one byte in UTF-8.
    /// </summary>
    public static CsvQuoting? For(string separator, string quote, string escape) =>
        (SingleByte(separator), SingleByte(quote), escape.Length == 0 ? SingleByte(quote) : SingleByte(escape)) is ( >= 0 and var sep, var q, var e)
            && (q >= 0 || quote.Length == 0) && (e >= 0 || quote.Length == 0)
            ? new CsvQuoting((byte)sep, q, e)
            : null;

    /// <summary>The one UTF-8 byte <paramref name="text"/> is, or -1 (empty, or more than one byte).</summary>
    public static int SingleByte(string text) => System.Text.Encoding.UTF8.GetBytes(text) is [var b] ? b : -1;

    /// <summary>Takes the next byte; returns whether it is inside a quoted value.</summary>
    public bool Take(byte b)
    {
        if (pendingQuote)
        {
            // The quote before this byte closed the value, unless this is its double.
            pendingQuote = false;
            if (b == quote)
            {
                return true;
            }

            Quoted = false;
        }

        if (Quoted)
        {
            if (escaped || (b == escape && escape != quote))
            {
                escaped = !escaped;
                return true;
            }

            pendingQuote = b == quote;
            return true;
        }

        if (b == quote && fieldStart)
        {
            (Quoted, fieldStart) = (true, false);
            return true;
        }

        fieldStart = b == separator || b == '\n';
        return false;
    }
}
