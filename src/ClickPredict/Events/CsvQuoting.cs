namespace ClickPredict.Events;

/// <summary>
/// The CSV reader's quoting rules, a byte at a time, for the scans that run when DuckDB cannot read a
/// file (<see cref="LineEnds"/>, <see cref="CsvDiagnosis"/>): a quote opens a value only at the start of
/// a field (one inside an unquoted value, <c>TV 55" screen</c>, is text); inside a quoted value a doubled
/// quote stands for itself and a single one closes it.
/// </summary>
internal struct CsvQuoting(byte separator, int quote)
{
    private bool fieldStart = true;
    private bool pendingQuote;

    /// <summary>Whether the last byte taken is inside a quoted value (its quotes included).</summary>
    public bool Quoted { get; private set; }

    /// <summary>Whether the input so far ends inside a quoted value that was never closed.</summary>
    public readonly bool Open => Quoted && !pendingQuote;

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
