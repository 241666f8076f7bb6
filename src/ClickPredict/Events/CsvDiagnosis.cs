namespace ClickPredict.Events;

/// <summary>
/// Where a CSV that DuckDB refused whole goes wrong, for the error message: its sniffer reads the top
/// of a file and reports only that it could not, so a quote that never closes, or a row longer than the
/// reader takes, in the first 20,480 rows left the user with no line to look at.
/// </summary>
/// <remarks>Written by hand: one pass over the bytes with the reader's quoting rules (<see cref="CsvQuoting"/>), run only after DuckDB has failed.</remarks>
internal static class CsvDiagnosis
{
    /// <summary>DuckDB's <c>max_line_size</c> default: a longer row fails the read.</summary>
    public const long MaxRowBytes = 2_097_152;

    private const int Chunk = 1 << 20;

    /// <summary>
    /// The first problem found, as a sentence naming its line, or null. <paramref name="skip"/>: the lines
    /// before the header, which the count of the header's fields passes.
    /// </summary>
    public static string? Find(string path, string separator, string quote, string escape, int skip)
    {
        if (CsvQuoting.For(separator, quote, escape) is not { } quoting)
        {
            return null;
        }

        var buffer = new byte[Chunk];
        long line = 1, rowLine = 1, rowStart = 0, offset = 0, openedOn = 0, fields = 1, headerFields = 0;
        var stray = false;
        using var stream = CompressedCsv.OpenText(path);
        int read;
        while ((read = stream.Read(buffer, 0, Chunk)) > 0)
        {
            for (var i = 0; i < read; i++, offset++)
            {
                var b = buffer[i];
                var (wasQuoted, closing) = (quoting.Quoted, quoting.Quoted && !quoting.Open);
                // The reader takes a closing quote only before a separator or a line end.
                stray |= closing && b != quoting.Quote && b != quoting.Separator && b != '\r' && b != '\n';
                if (quoting.Take(b))
                {
                    openedOn = wasQuoted ? openedOn : line;
                    line += b == '\n' ? 1 : 0;
                }
                else if (b == '\n')
                {
                    if (offset - rowStart > MaxRowBytes)
                    {
                        return TooLong(rowLine, offset - rowStart);
                    }

                    headerFields = headerFields == 0 && line > skip ? fields : headerFields;
                    if (line > rowLine && headerFields > 0 && (fields != headerFields || stray))
                    {
                        return $"line {rowLine:N0} opens a quoted value that only a quote on line {line:N0} closes, so lines {rowLine:N0}–{line:N0} would be read as one malformed row; {CsvQuoting.UnclosedQuoteAdvice}";
                    }

                    if (stray && headerFields > 0)
                    {
                        return $"line {rowLine:N0} has a quoted value whose closing quote is followed by text, which the reader cannot split; inside a quoted value a quote is written twice (\"\"), or set the mapping's \"escape\" to the character this source puts before one (\"\\\\\" for a backslash)";
                    }

                    (line, rowLine, rowStart, fields, stray) = (line + 1, line + 1, offset + 1, 1, false);
                }
                else if (b == quoting.Separator)
                {
                    fields++;
                }
            }
        }

        if (quoting.Open)
        {
            return $"line {openedOn:N0} opens a quoted value that never closes, so every line after it would be part of that value; {CsvQuoting.UnclosedQuoteAdvice}";
        }

        return offset - rowStart > MaxRowBytes ? TooLong(rowLine, offset - rowStart) : null;
    }

    private static string TooLong(long line, long bytes) =>
        $"the row starting on line {line:N0} is {bytes:N0} bytes long, more than the reader takes ({MaxRowBytes:N0}); a value that long is almost always a quote left open or a file that is not CSV";
}
