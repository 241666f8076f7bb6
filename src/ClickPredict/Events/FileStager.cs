using ClickPredict.Events.Quality;
using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Events;

/// <summary>
/// Reads one source file with DuckDB, validates it and writes its accepted rows (partitioned by
/// event date) and its quarantined rows as Parquet into a staging folder. Nothing here touches the
/// live lake: <see cref="EventIngestor"/> commits staged files. The ingest's staging folder,
/// <c>workFolder</c>, also holds the copy read instead of a file with mixed line ends (<see cref="LineEnds"/>).
/// </summary>
internal sealed class FileStager(SourceMapping mapping, IngestOptions options, Lake lake, string workFolder)
{
    /// <summary>What <see cref="CheckHeader"/> found per file, so staging does not describe it again.</summary>
    private readonly Dictionary<string, Described> described = new(StringComparer.Ordinal);

    /// <summary>The copy DuckDB reads instead of a source whose line ends are mixed, by source path.</summary>
    private readonly Dictionary<string, string> unified = new(StringComparer.Ordinal);

    /// <summary>The decompressed copy the byte scans read instead of a compressed CSV (<see cref="CompressedCsv"/>), by the compressed file's path.</summary>
    private readonly Dictionary<string, string> decompressed = new(StringComparer.Ordinal);

    /// <summary>
    /// Stages one file. <paramref name="earlier"/>: Parquet files of canonical events this file must not
    /// repeat (live bronze of other sources, and the files staged before it in this ingest), by path.
    /// <paramref name="lines"/>: how many the file holds (<see cref="ContentHash.Scan"/>), so a CSV
    /// whose quoted values span lines is noticed without another read.
    /// </summary>
    public StagedFile Stage(string sourcePath, string stagingDirectory, string fileKey, IReadOnlyList<string> earlier, long lines) =>
        IsEmpty(sourcePath)
            ? new StagedFile(sourcePath, RowCounts.None, [], null, [], IngestProfile.None)
            : Reading(sourcePath, () => StageFile(sourcePath, stagingDirectory, fileKey, earlier, lines));

    /// <summary>
    /// True for a file of 0 bytes: no header, no rows, nothing to lose, so it is read as no rows (like a
    /// file with only a header) instead of failing the batch. DuckDB would otherwise sniff one unnamed
    /// column and the mapping check would report its fields missing, which misleads.
    /// </summary>
    private static bool IsEmpty(string sourcePath) => new FileInfo(sourcePath).Length == 0;

    /// <summary>
    /// Reads only the file's header or schema (DuckDB samples a CSV, reads a Parquet footer) and checks
    /// that every column the mapping names is there: a wrong mapping fails in well under a second, before
    /// any file of the batch is hashed or read in full.
    /// </summary>
    public void CheckHeader(string sourcePath)
    {
        if (!IsEmpty(sourcePath))
        {
            Reading(sourcePath, () => Describe(sourcePath));
        }
    }

    private Described Describe(string sourcePath)
    {
        using var db = DuckDb.Open(lake.Spill, options.MemoryLimit, mapping.Timestamp.TimeZone);
        return described[sourcePath] = Describe(db, sourcePath);
    }

    /// <summary>The file DuckDB reads for a source: the source itself, or its copy with one kind of line end.</summary>
    private string ReadPath(string sourcePath) => unified.GetValueOrDefault(sourcePath, sourcePath);

    /// <summary>
    /// The file <see cref="EditorLines"/> reads for a source, which seeks and reads it more than once: the
    /// one DuckDB reads, or for a compressed CSV its decompressed copy in the work folder, made the first
    /// time it is needed. The one-pass scans of a file DuckDB refused (<see cref="LineEnds"/>,
    /// <see cref="CsvDiagnosis"/>) read a compressed file decompressing as they go.
    /// </summary>
    private string ScanPath(string sourcePath)
    {
        var path = ReadPath(sourcePath);
        if (!CompressedCsv.Is(path))
        {
            return path;
        }

        if (!decompressed.TryGetValue(path, out var copy))
        {
            decompressed[path] = copy = CompressedCsv.Decompress(path, Path.Combine(workFolder, "decompressed", $"{decompressed.Count}.csv"));
        }

        return copy;
    }

    /// <summary>
    /// Runs <paramref name="read"/>; when DuckDB cannot read a CSV whose line ends are mixed, runs it again
    /// on a copy with LF line ends (<see cref="LineEnds"/>), which is checked only then: the usual file pays nothing.
    /// </summary>
    private T Reading<T>(string sourcePath, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DuckDBException) when (!unified.ContainsKey(sourcePath) && !IsParquet(sourcePath) && LineEnds.AreMixed(ReadPath(sourcePath)))
        {
            unified[sourcePath] = LineEnds.Unify(ReadPath(sourcePath), Path.Combine(workFolder, "line-ends", $"{unified.Count}.csv"), mapping.Separator, mapping.Quote, mapping.Escape);
            described.Remove(sourcePath);
            return Reading(sourcePath, read);
        }
        catch (DuckDBException e)
        {
            var reason = e.Message.Split('\n')[0].TrimEnd('.');
            var found = IsParquet(sourcePath) || EncodingOf(sourcePath) == "utf-16" ? null : CsvDiagnosis.Find(ReadPath(sourcePath), mapping.Separator, mapping.Quote, mapping.Escape, mapping.Skip);
            throw new IngestException(found is null
                ? $"DuckDB could not read {sourcePath} as the {mapping.Name} mapping describes it: {reason}. Check the file's format, separator and header against the mapping."
                : $"DuckDB could not read {sourcePath} ({reason}): {found}. Nothing was ingested.", e);
        }
    }

    /// <summary>The file's effective layout (optional fields it lacks set to null), its reader and its column types.</summary>
    private Described Describe(DuckDBConnection db, string sourcePath)
    {
        var layout = mapping.LayoutFor(sourcePath);
        var isParquet = IsParquet(sourcePath);
        var encoding = isParquet ? SourceMapping.Utf8 : EncodingOf(sourcePath);
        var reader = StageQuery.Reader(mapping, layout, isParquet, encoding);
        var columnTypes = DescribeColumns(db, ReadPath(sourcePath), reader);
        layout = layout with { Fields = layout.Fields.WithoutAbsent(mapping.OptionalFields, columnTypes.ContainsKey) };
        CheckColumnsExist(sourcePath, layout, columnTypes);
        return new Described(layout, reader, isParquet, columnTypes, LineFeedsAreBytes: !isParquet && encoding != "utf-16");
    }

    /// <summary>
    /// The mapping's encoding, or UTF-16 for a file that starts with its little-endian byte order mark
    /// (Excel's "Unicode text"): read as UTF-8, its header came out as letters between NUL characters and
    /// every column was reported missing. A big-endian one DuckDB cannot read is refused with what to do.
    /// </summary>
    private string EncodingOf(string sourcePath)
    {
        Span<byte> start = stackalloc byte[2];
        using (var stream = File.OpenRead(sourcePath))
        {
            start = start[..stream.ReadAtLeast(start, 2, throwOnEndOfStream: false)];
        }

        return start switch
        {
            [0xFF, 0xFE] => "utf-16",
            [0xFE, 0xFF] => throw new IngestException($"{sourcePath} is UTF-16 big-endian, which the reader does not take; save it as UTF-8 or UTF-16 little-endian."),
            _ => mapping.Encoding,
        };
    }

    private bool IsParquet(string sourcePath) => mapping.Format == SourceFormat.Parquet
        || (mapping.Format == SourceFormat.Auto && sourcePath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase));

    private StagedFile StageFile(string sourcePath, string stagingDirectory, string fileKey, IReadOnlyList<string> earlier, long lines)
    {
        var timings = new StepTimer();
        // The line feeds the hash counted are the compressed bytes'; the text's are counted decompressed,
        // only when a check needs them (a file with nothing quarantined needs none).
        var textLines = new Lazy<long>(() => CompressedCsv.Is(sourcePath) ? CompressedCsv.Lines(sourcePath) : lines);
        using var db = DuckDb.Open(lake.Spill, options.MemoryLimit, mapping.Timestamp.TimeZone);
        var (layout, reader, isParquet, columnTypes, lineFeedsAreBytes) = described.TryGetValue(sourcePath, out var known) ? known : Describe(db, sourcePath);

        var query = new StageQuery(mapping, layout, columnTypes);
        var (sql, parameters) = query.Build(DuckDb.Sql("Events/Sql/stage.sql"), reader, options.MinEventTime, options.MaxEventTime);
        parameters.Add(("path", ReadPath(sourcePath)));
        timings.Lap("describe");
        db.Execute(sql, [.. parameters]);
        timings.Lap("parse and validate");

        // A malformed line's text without the line feed DuckDB can put before it (Windows line ends).
        db.Execute(isParquet
            ? "CREATE TABLE malformed (line BIGINT, column_name VARCHAR, csv_line VARCHAR, bad_encoding BOOLEAN, byte_position BIGINT)"
            : """
              CREATE TABLE malformed AS
              SELECT line, min(column_name) AS column_name, trim(min(csv_line), chr(13) || chr(10)) AS csv_line,
                     bool_or(error_type = 'INVALID ENCODING') AS bad_encoding, min(byte_position)::BIGINT AS byte_position
              FROM reject_errors GROUP BY line
              """);
        db.Execute("CREATE TABLE malformed_lines (malformed_line BIGINT, line_offset INTEGER, text VARCHAR)");
        db.Execute(DuckDb.Sql("Events/Sql/duplicates.sql"));
        var withinFile = db.Scalar<long>("SELECT count(*) FROM duplicate_rows");
        var overlapping = SameDates(db, earlier);
        if (overlapping.Length > 0)
        {
            db.Execute(DuckDb.Sql("Events/Sql/earlier_copies.sql"), ("earlier", overlapping));
        }

        timings.Lap("find duplicates");
        // Rows read: those DuckDB parsed and the lines it could not split.
        var read = (Rows: db.Scalar<long>("SELECT count(*) FROM staged"), Malformed: db.Scalar<long>("SELECT count(*) FROM malformed"));
        if (lineFeedsAreBytes)
        {
            RefuseUnclosedQuote(db, sourcePath, textLines, (mapping.Header ? 1 : 0) + read.Rows + read.Malformed);
        }

        var swallowed = lineFeedsAreBytes ? SplitMalformedLines(db, sourcePath, columnTypes.Count) : 0;

        FindEditorLines(db, sourcePath, reader, columnTypes.Keys, lineFeedsAreBytes ? textLines : null, read);
        db.Execute(DuckDb.Sql("Events/Sql/quarantine.sql"),
            ("source_file", sourcePath), ("first_line", isParquet ? 1L : mapping.Skip + (mapping.Header ? 2L : 1L)));

        var bronzeDirectory = Path.Combine(stagingDirectory, "bronze");
        Directory.CreateDirectory(stagingDirectory);
        var writeBronze = DuckDb.Sql("Events/Sql/write_bronze.sql")
            .Replace("{target}", DuckDb.Literal(bronzeDirectory), StringComparison.Ordinal)
            .Replace("{pattern}", DuckDb.Literal($"part-{fileKey}-{{i}}"), StringComparison.Ordinal);
        timings.Lap("quarantine");
        var accepted = db.Execute(writeBronze);
        timings.Lap("write bronze");

        var counts = Count(db, accepted, read.Rows + read.Malformed + swallowed);
        counts = counts with { DuplicatesOfEarlierFiles = counts.Duplicates - withinFile };
        var profile = IngestProfile.Of(db);
        timings.Lap("quality profile");
        string? quarantineFile = null;
        if (counts.Quarantined > 0)
        {
            quarantineFile = Path.Combine(stagingDirectory, "quarantine", $"part-{fileKey}.parquet");
            Directory.CreateDirectory(Path.GetDirectoryName(quarantineFile)!);
            db.Execute($"COPY (SELECT * FROM quarantined ORDER BY line) TO {DuckDb.Literal(quarantineFile)} (FORMAT parquet, COMPRESSION snappy)");
        }

        var bronzeFiles = Directory.Exists(bronzeDirectory)
            ? Directory.GetFiles(bronzeDirectory, $"part-{fileKey}-*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
        timings.Lap("count and write quarantine");
        return new StagedFile(sourcePath, counts, bronzeFiles, quarantineFile, timings.Laps, profile);
    }

    /// <summary>
    /// Fails the file when its last row, as DuckDB read it (<paramref name="lastLine"/>, its numbering),
    /// is a quoted value that never closes and the file goes on past what that row's text holds: the
    /// reader took every line after the quote as part of the value, and keeps only the first 10,000
    /// characters of a malformed row, so those rows were in neither the lake nor the quarantine (a file
    /// of 60,000 rows was read as 30,000 accepted and 1 quarantined). Only the user knows where the value
    /// was meant to end, so nothing of the file is taken and the message says where to look. A quote that
    /// closes at a later quote is <see cref="SplitMalformedLines"/>'s; a quote inside an unquoted value
    /// (<c>TV 55" screen</c>) is read as text. Not for UTF-16, whose line feeds are not
    /// the bytes <paramref name="lines"/> counted.
    /// </summary>
    private void RefuseUnclosedQuote(DuckDBConnection db, string sourcePath, Lazy<long> lines, long lastLine)
    {
        using var reject = db.Query(
            $"SELECT byte_position::BIGINT, {Breaks("csv_line")} FROM reject_errors WHERE line = $line AND error_type = 'UNQUOTED VALUE' AND contains(error_message, 'unterminated quote')",
            ("line", lastLine));
        if (!reject.Read())
        {
            return;
        }

        var line = EditorLines.LineAt(ScanPath(sourcePath), FileOffset(sourcePath, reject.GetInt64(0)));
        // Lines after the quote's, and how many of them the malformed row's kept text does not hold.
        var (after, kept) = (lines.Value - line, reject.GetInt64(1));
        if (after > kept)
        {
            throw new IngestException(
                $"{sourcePath}, line {line}: a quoted value opens there and never closes, so the {after:N0} line(s) after it would be read as part of that value and lost as rows; {CsvQuoting.UnclosedQuoteAdvice}. Nothing was ingested.");
        }
    }

    /// <summary>
    /// Fills <c>malformed_lines</c> with the whole text of each malformed row that runs over line breaks
    /// or past the characters DuckDB keeps of it, and returns how many lines that adds to the rows read. A
    /// stray quote at the start of a value that a later quote closes made DuckDB read every line between
    /// as one malformed row, counted as one, of which it keeps the first 10,000 characters: a file of
    /// 40,000 rows was read as 39,500 = 39,499 accepted + 1 quarantined, and about 300 of the swallowed
    /// rows were in neither the lake nor the quarantine. When a line inside such a row splits on its own
    /// into the file's columns, the row swallowed rows: each of its lines becomes its own record (counted,
    /// so the quarantined share shows them); otherwise (a ragged row whose quoted value holds line breaks)
    /// it stays one record, with its whole text.
    /// </summary>
    private long SplitMalformedLines(DuckDBConnection db, string sourcePath, int columns)
    {
        var spanning = new List<(long Line, long Position, string Text, bool Cut)>();
        using (var reader = db.Query($"SELECT line, byte_position, csv_line, strlen(csv_line) >= {RejectTextLimit} FROM malformed WHERE contains(csv_line, chr(10)) OR strlen(csv_line) >= {RejectTextLimit} ORDER BY line"))
        {
            while (reader.Read())
            {
                spanning.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetBoolean(3)));
            }
        }

        if (spanning.Count == 0 || CsvQuoting.For(mapping.Separator, mapping.Quote, mapping.Escape) is not { } quoting)
        {
            return 0;
        }

        var encoding = mapping.Encoding == SourceMapping.Utf8 ? System.Text.Encoding.UTF8 : System.Text.Encoding.Latin1;
        long added = 0;
        using var appender = db.CreateAppender("malformed_lines");
        foreach (var (line, position, kept, cut) in spanning)
        {
            // DuckDB's text is the whole row unless it was cut; only then is the row read from the file.
            var text = cut ? EditorLines.RowAt(ScanPath(sourcePath), FileOffset(sourcePath, position), kept.Split('\n')[0], quoting, encoding) : kept;
            var lines = text.Split('\n');
            string[] records = lines.Skip(1).Any(l => quoting.Fields(System.Text.Encoding.UTF8.GetBytes(l)) == columns) ? [.. lines.Select(l => l.TrimEnd('\r'))] : [text];
            for (var i = 0; i < records.Length; i++)
            {
                appender.CreateRow().AppendValue(line).AppendValue(i).AppendValue(records[i]).EndRow();
            }

            added += records.Length - 1;
        }

        return added;
    }

    /// <summary>
    /// Where DuckDB's byte position of a reject lies in the file: DuckDB reads a Latin-1 file as UTF-8 and
    /// counts its positions there, two bytes for each character past ASCII.
    /// </summary>
    private long FileOffset(string sourcePath, long position) =>
        mapping.Encoding == SourceMapping.Latin1 ? EditorLines.Latin1Offset(ScanPath(sourcePath), position) : position;

    /// <summary>SQL for the line feeds in <paramref name="text"/> (an expression).</summary>
    private static string Breaks(string text) => $"CASE WHEN contains({text}, chr(10)) THEN strlen({text}) - strlen(replace({text}, chr(10), '')) ELSE 0 END";

    /// <summary>The bytes (UTF-8) of a malformed row DuckDB keeps in <c>reject_errors.csv_line</c>; a longer row's text is cut there.</summary>
    private const int RejectTextLimit = 10_000;

    /// <summary>
    /// Fills <c>editor_rows</c> (read rows by position) and <c>editor_malformed</c> (malformed rows by
    /// DuckDB's number) with the line an editor shows, for a CSV whose rows do not take one line each
    /// (<see cref="EditorLines"/>). Left empty, without reading the file again, when nothing is
    /// quarantined, when the file has no more lines than rows (the usual file) or is Parquet
    /// (<paramref name="lines"/> null); quarantine.sql then numbers the rows itself.
    /// </summary>
    private void FindEditorLines(DuckDBConnection db, string sourcePath, string reader, IEnumerable<string> columns, Lazy<long>? lines, (long Rows, long Malformed) read)
    {
        db.Execute("CREATE TABLE editor_rows (row_id BIGINT, line BIGINT); CREATE TABLE editor_malformed (malformed_line BIGINT, line BIGINT)");
        if (lines is null)
        {
            return;
        }

        var wanted = db.Pairs("SELECT rowid, 0::BIGINT FROM staged WHERE rule IS NOT NULL").Select(p => p.First).ToHashSet();
        if ((wanted.Count == 0 && read.Malformed == 0) || lines.Value <= read.Rows + read.Malformed + (mapping.Header ? 1 : 0) + mapping.Skip)
        {
            return;
        }

        // Each read row's line breaks: the file again through the same reader, so rowid is the position as in staged.
        db.Execute($"CREATE TABLE line_breaks AS SELECT {string.Join(" + ", columns.Select(c => Breaks(DuckDb.Identifier(c))))} AS extra FROM {reader}", ("path", ReadPath(sourcePath)));
        var breaks = db.Pairs("SELECT rowid, extra FROM line_breaks WHERE extra > 0").ToDictionary(p => p.First, p => (int)p.Second);
        var malformed = db.Pairs($"""
            SELECT line, coalesce((SELECT sum({Breaks("text")}) + count(*) - 1 FROM malformed_lines WHERE malformed_line = line), {Breaks("csv_line")})
            FROM malformed ORDER BY line
            """).Select(p => (p.First, (int)p.Second)).ToList();
        if (EditorLines.Walk(ScanPath(sourcePath), mapping.Skip, CsvQuoting.SingleByte(mapping.Comment), mapping.Header, read.Rows, breaks, malformed, wanted) is not { } found)
        {
            return;
        }

        Append(db, "editor_rows", found.Rows);
        Append(db, "editor_malformed", found.Malformed);
    }

    private static void Append(DuckDBConnection db, string table, IReadOnlyDictionary<long, long> rows)
    {
        using var appender = db.CreateAppender(table);
        foreach (var (key, line) in rows)
        {
            appender.CreateRow().AppendValue(key).AppendValue(line).EndRow();
        }
    }

    private static Dictionary<string, string> DescribeColumns(DuckDBConnection db, string path, string reader)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        using var result = db.Query($"DESCRIBE SELECT * FROM {reader}", ("path", path));
        while (result.Read())
        {
            columns[result.GetString(0)] = result.GetString(1);
        }

        return columns;
    }

    private static void CheckColumnsExist(string path, FileLayout layout, Dictionary<string, string> columns)
    {
        var f = layout.Fields;
        var missing = new[] { f.EventTime, f.UserId, f.SessionId, f.EventType, f.ItemId, f.Category, f.Brand, f.Price, f.TimeOffsetMs }
            .Where(c => c is not null && !columns.ContainsKey(c))
            .ToList();
        if (missing.Count > 0)
        {
            throw new IngestException(
                $"{path} has no column {string.Join(", ", missing.Select(c => $"'{c}'"))} (its columns are {string.Join(", ", columns.Keys)}); fix the mapping's fields or columns (or, for lines before the header, its \"skip\"; for comment lines, its \"comment\").");
        }
    }

    /// <summary>The files among <paramref name="earlier"/> in an <c>event_date=</c> folder of a date this file's valid rows have.</summary>
    private static string[] SameDates(DuckDBConnection db, IReadOnlyList<string> earlier)
    {
        if (earlier.Count == 0)
        {
            return [];
        }

        var dates = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = db.Query("SELECT DISTINCT strftime(CAST(event_time AS DATE), '%Y-%m-%d') FROM staged WHERE rule IS NULL"))
        {
            while (reader.Read())
            {
                dates.Add(Lake.DateFolderPrefix + reader.GetString(0));
            }
        }

        return [.. earlier.Where(f => dates.Contains(Lake.DateFolder(f)))];
    }

    private static RowCounts Count(DuckDBConnection db, long accepted, long rowsRead)
    {
        var byRule = db.Counts("SELECT rule, count(*) FROM quarantined GROUP BY rule ORDER BY rule");
        var duplicates = db.Scalar<long>("SELECT count(*) FROM duplicate_rows");
        var counts = new RowCounts(rowsRead, accepted, duplicates, byRule);
        return counts.AddsUp
            ? counts
            : throw new InvalidOperationException($"Row accounting does not add up for a file: {counts}. This is a bug; nothing was committed.");
    }
}

/// <summary>How one source file is read: its effective layout, the reader expression, its column types, and whether its line feeds are bytes 0x0A (a CSV not in UTF-16), which <see cref="ContentHash.Scan"/> counts.</summary>
internal sealed record Described(FileLayout Layout, string Reader, bool IsParquet, Dictionary<string, string> ColumnTypes, bool LineFeedsAreBytes);

/// <summary>One source file's staged output, not yet in the lake.</summary>
internal sealed record StagedFile(
    string SourcePath,
    RowCounts Rows,
    IReadOnlyList<string> BronzeFiles,
    string? QuarantineFile,
    IReadOnlyList<(string Step, TimeSpan Elapsed)> Timings,
    IngestProfile Profile);

/// <summary>An input problem the user can fix; the message names the file and what to do.</summary>
internal sealed class IngestException(string message, Exception? inner = null) : Exception(message, inner);
