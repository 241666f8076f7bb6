namespace ClickPredict.Events;

/// <summary>
/// The line an editor shows for the quarantined rows of a CSV whose rows do not take one line each. DuckDB
/// numbers a row by the rows and blank lines before it (its <c>reject_errors.line</c>), one line per row
/// however many line breaks its quoted values hold, and skips blank lines without a trace among the rows
/// it reads; this walks the file's lines once, giving each row its own lines (one, plus the breaks inside
/// its values) and passing the blank lines between rows, with the rows in the order DuckDB met them (a
/// malformed one where DuckDB's number says, the rows it read in between).
/// </summary>
/// <remarks>Written by hand: no reader here reports where a row starts; DuckDB's CSV reader gives a position only for the lines it rejects.</remarks>
internal sealed class EditorLines
{
    private const int Chunk = 1 << 20;

    private readonly Dictionary<long, long> rows = [];
    private readonly Dictionary<long, long> malformed = [];

    private EditorLines()
    {
    }

    /// <summary>The editor's line of each read row asked for, by its position (0-based, as <c>staged</c>'s rowid).</summary>
    public IReadOnlyDictionary<long, long> Rows => rows;

    /// <summary>The editor's line of each malformed row, by DuckDB's number for it.</summary>
    public IReadOnlyDictionary<long, long> Malformed => malformed;

    /// <summary>
    /// Walks <paramref name="path"/>. <paramref name="preamble"/>: the lines before the header the mapping
    /// skips (DuckDB numbers them too); <paramref name="comment"/>: the byte that starts a comment line,
    /// which DuckDB numbers and passes as it does a blank line, or -1; <paramref name="readRows"/>: how many rows DuckDB read;
    /// <paramref name="breaks"/>: the line breaks inside a read row's values, by position (rows without
    /// any left out); <paramref name="malformedRows"/>: DuckDB's number and the breaks of each malformed
    /// row, in order; <paramref name="wanted"/>: the read rows whose line is needed. Null when the walk
    /// does not meet the rows where DuckDB put them (a layout this walk does not know); the caller then
    /// keeps DuckDB's numbering.
    /// </summary>
    public static EditorLines? Walk(
        string path, int preamble, int comment, bool header, long readRows, IReadOnlyDictionary<long, int> breaks, IReadOnlyList<(long Line, int Breaks)> malformedRows, IReadOnlySet<long> wanted)
    {
        var lines = new EditorLines();
        long physical = 0, counted = 0, read = 0;
        var (skip, next, headerPending) = (0L, 0, header);
        void Line(bool blank)
        {
            physical++;
            if (skip > 0)
            {
                skip--;
                return;
            }

            counted++;
            if (blank)
            {
                return;
            }

            if (preamble > 0)
            {
                preamble--;
                return;
            }

            if (headerPending)
            {
                headerPending = false;
            }
            else if (next < malformedRows.Count && malformedRows[next].Line == counted)
            {
                lines.malformed[counted] = physical;
                skip = malformedRows[next++].Breaks;
            }
            else
            {
                if (wanted.Contains(read))
                {
                    lines.rows[read] = physical;
                }

                skip = breaks.GetValueOrDefault(read++);
            }
        }

        ForEachLine(path, comment, Line);
        return read == readRows && next == malformedRows.Count && !headerPending ? lines : null;
    }

    /// <summary>The line (1-based) an editor shows for the byte at <paramref name="position"/> of the file: one more than the line feeds before it.</summary>
    public static long LineAt(string path, long position)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[Chunk];
        long line = 1;
        int read;
        while (position > 0 && (read = stream.Read(buffer, 0, (int)Math.Min(Chunk, position))) > 0)
        {
            line += buffer.AsSpan(0, read).Count((byte)'\n');
            position -= read;
        }

        return line;
    }

    /// <summary>
    /// The offset in a Latin-1 file of the byte at <paramref name="utf8Position"/> of its text in UTF-8, where
    /// each character past ASCII takes two bytes.
    /// </summary>
    public static long Latin1Offset(string path, long utf8Position)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[Chunk];
        long offset = 0, utf8 = 0;
        int read;
        while (utf8 < utf8Position && (read = stream.Read(buffer, 0, Chunk)) > 0)
        {
            for (var i = 0; i < read && utf8 < utf8Position; i++, offset++)
            {
                utf8 += buffer[i] < 0x80 ? 1 : 2;
            }
        }

        return offset;
    }

    /// <summary>
    /// The text of a CSV row DuckDB rejected, without its line end: from the row's start, the nearest line
    /// start before the error's byte <paramref name="position"/> where the file reads as the row's
    /// <paramref name="firstLine"/> (DuckDB's text of the row begins there), to the line feed that ends the
    /// row under <paramref name="quoting"/>'s rules (the first outside a quoted value), or the end of the
    /// file. The reader takes no row longer than <see cref="CsvDiagnosis.MaxRowBytes"/>, so both scans stop
    /// there; the backward one first looks within 64 KiB.
    /// </summary>
    public static string RowAt(string path, long position, string firstLine, CsvQuoting quoting, System.Text.Encoding encoding)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        var prefix = encoding.GetBytes(firstLine.TrimEnd('\r'));
        var from = RowStart(stream, position, prefix, 1 << 16) ?? RowStart(stream, position, prefix, CsvDiagnosis.MaxRowBytes) ?? LineStart(stream, position);
        var row = new byte[(int)Math.Min(stream.Length - from, CsvDiagnosis.MaxRowBytes + 1)];
        stream.Position = from;
        stream.ReadExactly(row);
        var end = 0;
        while (end < row.Length && (quoting.Take(row[end]) || row[end] != '\n'))
        {
            end++;
        }

        return encoding.GetString(row, 0, end).TrimEnd('\r');
    }

    /// <summary>The nearest line start within <paramref name="window"/> bytes before <paramref name="position"/> where the file reads as <paramref name="prefix"/>, or null.</summary>
    private static long? RowStart(FileStream stream, long position, byte[] prefix, long window)
    {
        var before = Before(stream, position, window);
        for (var at = before.AsSpan().LastIndexOf((byte)'\n') + 1; ; at = before.AsSpan(0, at - 1).LastIndexOf((byte)'\n') + 1)
        {
            if (before.AsSpan(at).StartsWith(prefix.AsSpan(0, Math.Min(prefix.Length, before.Length - at))) && (at > 0 || before.Length == position))
            {
                return position - before.Length + at;
            }

            if (at == 0)
            {
                return null;
            }
        }
    }

    private static long LineStart(FileStream stream, long position)
    {
        var before = Before(stream, position, CsvDiagnosis.MaxRowBytes);
        return position - before.Length + before.AsSpan().LastIndexOf((byte)'\n') + 1;
    }

    private static byte[] Before(FileStream stream, long position, long window)
    {
        var before = new byte[(int)Math.Min(position, window)];
        stream.Position = position - before.Length;
        stream.ReadExactly(before);
        return before;
    }

    /// <summary>
    /// Calls <paramref name="line"/> for each line of the file, saying whether the reader passes it without
    /// a row: blank (nothing but a carriage return) or starting with <paramref name="comment"/> (after spaces).
    /// </summary>
    private static void ForEachLine(string path, int comment, Action<bool> line)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[Chunk];
        var (content, pending, first) = (false, false, -1);
        int read;
        while ((read = stream.Read(buffer, 0, Chunk)) > 0)
        {
            var rest = buffer.AsSpan(0, read);
            while (true)
            {
                var end = rest.IndexOf((byte)'\n');
                var part = end < 0 ? rest : rest[..end];
                // DuckDB takes a line for a comment when the character follows nothing but spaces.
                first = first < 0 && part.IndexOfAnyExcept((byte)' ') is var at and >= 0 ? part[at] : first;
                content |= part.IndexOfAnyExcept((byte)'\r') >= 0;
                pending |= !part.IsEmpty;
                if (end < 0)
                {
                    break;
                }

                line(!content || first == comment);
                (content, pending, first) = (false, false, -1);
                rest = rest[(end + 1)..];
            }
        }

        if (pending)
        {
            line(!content || first == comment);
        }
    }
}
