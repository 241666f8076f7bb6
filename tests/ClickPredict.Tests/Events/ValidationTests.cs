using ClickPredict.Events;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Events;

public class ValidationTests
{
    // One bad row per rule, each on a known line (the header is line 1).
    private static readonly (string Row, string Rule, string? Column, string? Value)[] BadRows =
    [
        (",u1,s1,view,i1,c1,b1,1.0", "missing_field", "event_time", null),
        ("2024-03-01 10:00:00,u1,s1,view,,c1,b1,1.0", "missing_field", "item_id", null),
        ("2024-03-01 10:00:00,,,view,i1,c1,b1,1.0", "missing_field", "user_id", null),
        ("yesterday at noon,u1,s1,view,i1,c1,b1,1.0", "unparseable_value", "event_time", "yesterday at noon"),
        ("2024-03-01 10:00:00,u1,s1,view,i1,c1,b1,ten", "unparseable_value", "price", "ten"),
        ("1970-01-01 00:00:00,u1,s1,view,i1,c1,b1,1.0", "time_out_of_window", "event_time", "1970-01-01 00:00:00"),
        ("2099-01-01 00:00:00,u1,s1,view,i1,c1,b1,1.0", "time_out_of_window", "event_time", "2099-01-01 00:00:00"),
        ("2024-03-01 10:00:00,u1,s1,wishlist,i1,c1,b1,1.0", "unknown_event_type", "event_type", "wishlist"),
        ("2024-03-01 10:00:00,u1,s1,view,i1,c1,b1,-3", "invalid_price", "price", "-3"),
        ("2024-03-01 10:00:00,u1,s1,view,i1,c1,b1,inf", "invalid_price", "price", "inf"),
        ("2024-03-01 10:00:00,u1,s1,view,i1,c1,b1,NaN", "invalid_price", "price", "NaN"),
        ("2024-03-01 10:00:00,u1,s1,view,i1,c1,b1,1e308", "invalid_price", "price", "1e308"),
        ("2024-03-01 10:00:00,u1,s1,view,i1,c1,b1,1.0,surplus", "malformed_row", null, null),
    ];

    /// <summary>Valid rows interleaved with the bad ones, plus one exact duplicate of the first valid row.</summary>
    private static (string Csv, Dictionary<long, string> LineRules) MixedFile()
    {
        var lines = new List<string> { CanonicalCsv.Header };
        var lineRules = new Dictionary<long, string>();
        for (var i = 0; i < BadRows.Length; i++)
        {
            lines.Add(CanonicalCsv.Valid(i));
            lines.Add(BadRows[i].Row);
            lineRules[lines.Count] = BadRows[i].Rule;
        }

        lines.Add(CanonicalCsv.Valid(0));
        lines.Add(CanonicalCsv.Valid(100));
        return (string.Join('\n', lines) + "\n", lineRules);
    }

    /// <summary>Each quarantined row of the lake as "line rule", by line.</summary>
    private static List<string> QuarantinedLines(Lake lake) =>
        LakeReader.Column<string>(lake, IngestManifest.Load(lake).QuarantineFiles(lake), "line || ' ' || rule", orderBy: "line");

    [Fact]
    public void Lenient_mode_quarantines_each_bad_row_with_its_rule_line_column_and_value_and_keeps_the_rest()
    {
        using var temp = new TempFolder();
        var (csv, lineRules) = MixedFile();
        var input = temp.File("events.csv", csv);
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        var rows = result.Rows;
        Assert.Equal(IngestStatus.Committed, result.Status);
        Assert.Equal(BadRows.Length * 2 + 2, rows.Read);
        Assert.Equal(BadRows.Length + 1, rows.Accepted);
        Assert.Equal(1, rows.Duplicates);
        Assert.Equal(BadRows.Length, rows.Quarantined);
        Assert.True(rows.AddsUp);
        foreach (var group in BadRows.GroupBy(b => b.Rule))
        {
            Assert.Equal(group.Count(), rows.QuarantinedByRule[group.Key]);
        }

        Assert.Equal(rows.Accepted, LakeReader.BronzeCount(lake));
        var quarantine = IngestManifest.Load(lake).QuarantineFiles(lake);
        var found = LakeReader.Column<string>(lake, quarantine, "line || ' ' || rule || ' ' || coalesce(\"column\", '-') || ' ' || coalesce(\"value\", '-')", orderBy: "line");
        var expected = lineRules.OrderBy(kv => kv.Key).Select((kv, i) =>
            $"{kv.Key} {kv.Value} {BadRows[i].Column ?? "-"} {BadRows[i].Value ?? "-"}").ToList();
        Assert.Equal(expected, found);
        Assert.All(LakeReader.Column<string>(lake, quarantine, "source_file"), f => Assert.Equal(input, f));
        Assert.Contains("\"price\":\"ten\"", LakeReader.Column<string>(lake, quarantine, "raw_record", "rule = 'unparseable_value' AND \"column\" = 'price'").Single(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Quoted values may hold line breaks (a category with a newline, a ragged row with one); DuckDB
    /// numbers rows one line each, so without counting the breaks every row after them was quarantined
    /// a line or two above where an editor shows it. Windows line ends too.
    /// </summary>
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Rows_after_a_quoted_value_that_spans_lines_are_quarantined_at_the_line_an_editor_shows(string lineEnd)
    {
        using var temp = new TempFolder();
        string[] lines =
        [
            CanonicalCsv.Header,
            CanonicalCsv.Valid(1),
            "2024-03-01 10:00:00,u2,s2,view,i2,\"Shoes",
            "and boots\",b1,12.5",
            "2024-03-01 10:01:00,u3,s3,view,i3,c1,b1,ten",
            "2024-03-01 10:02:00,u4,s4,view,i4,\"a",
            "b",
            "c\",b1,1.0,surplus",
            "2024-03-01 10:03:00,u5,s5,view,i5,c1,b1,-3",
            CanonicalCsv.Valid(6),
        ];
        var input = temp.File("events.csv", string.Join(lineEnd, lines) + lineEnd);
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal((6L, 3L, 3L), (result.Rows.Read, result.Rows.Accepted, result.Rows.Quarantined));
        var found = QuarantinedLines(lake);
        // Lines as an editor numbers them (1-based): the header is 1, the row holding "Shoes" starts at 3.
        int LineOf(string start) => Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal)) + 1;
        Assert.Equal(
            [$"{LineOf("2024-03-01 10:01:00")} unparseable_value", $"{LineOf("2024-03-01 10:02:00")} malformed_row", $"{LineOf("2024-03-01 10:03:00")} invalid_price"],
            found);
        Assert.Equal(
            $"2024-03-01 10:02:00,u4,s4,view,i4,\"a{lineEnd}b{lineEnd}c\",b1,1.0,surplus",
            LakeReader.Column<string>(lake, IngestManifest.Load(lake).QuarantineFiles(lake), "raw_record", "rule = 'malformed_row'").Single());
        Assert.Equal(["c1", $"Shoes{lineEnd}and boots", "c1"], LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "category", orderBy: "user_id"));
    }

    /// <summary>
    /// DuckDB's sniffer samples the top of a file (20,480 rows): with no quotes there, it read the file as
    /// unquoted and split a quoted line break further down into two malformed rows. The mapping's quote
    /// character (double quotes by default) is given to the reader instead.
    /// </summary>
    [Fact]
    public void A_quoted_line_break_far_below_the_first_quotes_is_one_row()
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(0, 25_000).Select(i => CanonicalCsv.Valid(i)).ToList();
        var input = temp.File("events.csv", string.Join('\n',
            [CanonicalCsv.Header, .. rows, "2024-03-01 10:00:00,late,s-late,view,i1,\"Shoes", "and boots\",b1,12.5", "2024-03-01 10:01:00,u3,s3,view,i3,c1,b1,ten"]) + "\n");
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal((25_002L, 25_001L, 1L), (result.Rows.Read, result.Rows.Accepted, result.Rows.Quarantined));
        Assert.Equal(["Shoes\nand boots"], LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "category", "user_id = 'late'"));
        Assert.Equal([$"{25_004} unparseable_value"], QuarantinedLines(lake));
    }

    /// <summary>
    /// Windows and Unix line ends in one file (exports put together): DuckDB takes one kind per file and
    /// refused the whole file when sniffing, or stopped once the other kind came after its 20,480-row sample.
    /// Every row is read from a copy with LF line ends, a CR LF inside a quoted value stays in the value,
    /// quarantined rows keep the source's line numbers and path, and the copy does not outlive the ingest.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(25_000)]
    public void A_file_mixing_windows_and_unix_line_ends_is_read_whole(int plainRowsFirst)
    {
        using var temp = new TempFolder();
        var lines = new List<string> { CanonicalCsv.Header };
        lines.AddRange(Enumerable.Range(1000, plainRowsFirst).Select(i => CanonicalCsv.Valid(i) + "\n"));
        lines.AddRange(
        [
            CanonicalCsv.Valid(1) + "\r\n",
            "2024-03-01 10:00:00,u2,s2,view,i2,\"Shoes\r\nand boots\",b1,12.5\n",
            "2024-03-01 10:01:00,u3,s3,view,i3,c1,b1,ten\r\n",
            CanonicalCsv.Valid(4) + "\n",
            "2024-03-01 10:02:00,u5,s5,view,i5,c1,b1,1.0,surplus\r\n",
            CanonicalCsv.Valid(6) + "\r\n",
            "2024-03-01 10:03:00,u7,s7,view,i7,c1,b1,-3\n",
        ]);
        var input = temp.File("events.csv", string.Join("", lines.Take(1).Select(h => h + "\n").Concat(lines.Skip(1))));
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal(IngestStatus.Committed, result.Status);
        Assert.Equal((plainRowsFirst + 7L, plainRowsFirst + 4L, 3L), (result.Rows.Read, result.Rows.Accepted, result.Rows.Quarantined));
        var bronze = IngestManifest.Load(lake).BronzeFiles(lake);
        Assert.Equal(["c1", "Shoes\r\nand boots", "c1", "c1"], LakeReader.Column<string>(lake, bronze, "category", "user_id IN ('u1', 'u2', 'u4', 'u6')", orderBy: "user_id"));
        Assert.Equal([11.5, 12.5, 14.5, 16.5], LakeReader.Column<double>(lake, bronze, "price", "user_id IN ('u1', 'u2', 'u4', 'u6')", orderBy: "user_id"));
        var quarantine = IngestManifest.Load(lake).QuarantineFiles(lake);
        // Lines as an editor numbers them: the header is 1, the rows before u1 follow it, "Shoes" takes two.
        var u1 = plainRowsFirst + 2;
        Assert.Equal([$"{u1 + 3} unparseable_value", $"{u1 + 5} malformed_row", $"{u1 + 7} invalid_price"],
            QuarantinedLines(lake));
        Assert.Equal("2024-03-01 10:02:00,u5,s5,view,i5,c1,b1,1.0,surplus", LakeReader.Column<string>(lake, quarantine, "raw_record", "rule = 'malformed_row'").Single());
        Assert.All(LakeReader.Column<string>(lake, quarantine, "source_file"), f => Assert.Equal(input, f));
        Assert.Empty(Directory.Exists(lake.Staging) ? Directory.GetFileSystemEntries(lake.Staging) : []);
    }

    private static readonly string[] EncodedRows =
    [
        CanonicalCsv.Header,
        "2024-03-01 10:00:00,u1,s1,view,i1,Café,b1,1.5",
        "2024-03-01 10:01:00,u2,s2,view,i2,c1,b1,ten",
        "2024-03-01 10:02:00,u3,s3,view,i3,Crème brûlée,b1,2.5",
    ];

    /// <summary>
    /// Excel's "Unicode text" is UTF-16 with a byte order mark: read as UTF-8 its header was letters between
    /// NUL characters and every column was reported missing. The mark is enough to read it right.
    /// </summary>
    [Fact]
    public void A_utf16_file_with_its_byte_order_mark_is_read_as_utf16()
    {
        using var temp = new TempFolder();
        var input = temp.Combine("events.csv");
        File.WriteAllText(input, string.Join("\r\n", EncodedRows) + "\r\n", new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal((3L, 2L, 1L), (result.Rows.Read, result.Rows.Accepted, result.Rows.Quarantined));
        Assert.Equal(["Café", "Crème brûlée"], LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "category", orderBy: "user_id"));
        Assert.Equal(["3 unparseable_value"], QuarantinedLines(lake));
    }

    [Fact]
    public void A_big_endian_utf16_file_is_refused_with_what_to_do()
    {
        using var temp = new TempFolder();
        var input = temp.Combine("events.csv");
        File.WriteAllText(input, string.Join("\n", EncodedRows) + "\n", new System.Text.UnicodeEncoding(bigEndian: true, byteOrderMark: true));

        var error = Assert.Throws<IngestException>(() =>
            new EventIngestor(new Lake(temp.Combine("lake")), new IngestOptions()).Run(SourceMappings.Load("canonical"), input));

        Assert.Contains("is UTF-16 big-endian", error.Message, StringComparison.Ordinal);
        Assert.Contains("save it as UTF-8", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Latin-1 export: read as the mapping says, its accented values are kept; read as UTF-8 (the default),
    /// each row with such a byte is quarantined as <c>invalid_encoding</c> at its line, not as a malformed row.
    /// </summary>
    [Fact]
    public void A_latin1_file_is_read_as_its_mapping_says_and_quarantined_as_invalid_encoding_when_it_says_utf8()
    {
        using var temp = new TempFolder();
        var input = temp.Combine("events.csv");
        File.WriteAllText(input, string.Join("\n", EncodedRows) + "\n", System.Text.Encoding.Latin1);

        var latin = new Lake(temp.Combine("latin"));
        var read = new EventIngestor(latin, new IngestOptions()).Run(SourceMappings.Load("canonical") with { Encoding = "latin-1" }, input);
        var utf8 = new Lake(temp.Combine("utf8"));
        var misread = new EventIngestor(utf8, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal((3L, 2L, 1L), (read.Rows.Read, read.Rows.Accepted, read.Rows.Quarantined));
        Assert.Equal(["Café", "Crème brûlée"], LakeReader.Column<string>(latin, IngestManifest.Load(latin).BronzeFiles(latin), "category", orderBy: "user_id"));
        Assert.Equal((3L, 0L, 3L), (misread.Rows.Read, misread.Rows.Accepted, misread.Rows.Quarantined));
        Assert.Equal(["2 invalid_encoding", "3 unparseable_value", "4 invalid_encoding"],
            QuarantinedLines(utf8));
    }

    /// <summary>
    /// A quote that opens a value and never closes: DuckDB read every line after it as part of that value and
    /// kept 10,000 characters of it as one malformed row, so 27,000 rows were read as 25,000 accepted and 1
    /// quarantined, the rest in neither. The file is refused at that line. A quote that closes at a later
    /// quote has each line it swallowed quarantined (the next test); a quote inside an unquoted value is text.
    /// </summary>
    [Fact]
    public void A_quote_that_never_closes_refuses_the_file_at_its_line_instead_of_losing_the_rows_after_it()
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(0, 25_000).Select(i => CanonicalCsv.Valid(i)).ToList();
        string Csv(string name, string bad, params string[] after) =>
            temp.File(name, string.Join('\n', [CanonicalCsv.Header, .. rows, bad, .. after]) + "\n");
        var unclosed = Csv("unclosed.csv", "2024-03-01 10:00:00,u1,s1,view,i1,\"TV 55,b1,12.5", [.. Enumerable.Range(0, 2_000).Select(i => CanonicalCsv.Valid(i + 30_000))]);
        var closedLater = Csv("later.csv", "2024-03-01 10:00:00,u1,s1,view,i1,\"TV 55,b1,12.5", CanonicalCsv.Valid(30_001), "2024-03-01 10:02:00,u4,s4,view,i4,\"Shoes\",b1,1.0", CanonicalCsv.Valid(30_002));
        var inch = Csv("inch.csv", "2024-03-01 10:00:00,u1,s1,view,i1,TV 55\" screen,b1,12.5");

        var error = Assert.Throws<IngestException>(() => new EventIngestor(new Lake(temp.Combine("a")), new IngestOptions()).Run(SourceMappings.Load("canonical"), unclosed));
        var laterLake = new Lake(temp.Combine("b"));
        var later = new EventIngestor(laterLake, new IngestOptions()).Run(SourceMappings.Load("canonical"), closedLater);
        var lake = new Lake(temp.Combine("c"));
        var read = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), inch);

        Assert.Contains($"unclosed.csv, line {25_002}: a quoted value opens there and never closes, so the 2,000 line(s) after it", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(new Lake(temp.Combine("a")).ManifestPath));
        Assert.Equal((25_004L, 25_001L, 3L), (later.Rows.Read, later.Rows.Accepted, later.Rows.Quarantined));
        Assert.Contains("Shoes", LakeReader.Column<string>(laterLake, IngestManifest.Load(laterLake).QuarantineFiles(laterLake), "raw_record", "line = 25004").Single(), StringComparison.Ordinal);
        Assert.Equal((25_001L, 25_001L), (read.Rows.Read, read.Rows.Accepted));
        Assert.Equal(["TV 55\" screen"], LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "category", "user_id = 'u1' AND event_time = '2024-03-01 10:00:00'"));
    }

    /// <summary>
    /// A stray quote that a later quote closes: DuckDB read every line between as one malformed row, counted
    /// once, and kept its first 10,000 characters, so of the 400 rows swallowed here about 200 were in
    /// neither the lake nor the quarantine, and the quarantined share showed one row. Each line of such a
    /// row is now quarantined and counted on its own, at its line. A ragged row whose quoted value holds
    /// line breaks (its lines are not rows) stays one record, with its whole text past 10,000 characters.
    /// The same file gzipped or in Zstandard (DuckDB reads it compressed; the lines are found in its decompressed text) gives the same.
    /// </summary>
    [Fact]
    public void A_quote_closed_by_a_later_quote_has_every_line_it_swallowed_quarantined_and_counted()
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(0, 25_000).Select(i => CanonicalCsv.Valid(i)).ToList();
        var swallowed = Enumerable.Range(30_000, 400).Select(i => CanonicalCsv.Valid(i)).ToList();
        var stray = temp.File("stray.csv", string.Join('\n', [
            CanonicalCsv.Header, .. rows, "2024-03-01 10:00:00,u1,s1,view,i1,\"TV 55,b1,12.5", .. swallowed,
            "2024-03-01 10:02:00,u4,s4,view,i4,\"Shoes\",b1,1.0", .. rows.Take(100).Select(r => r.Replace(",u", ",w", StringComparison.Ordinal))]) + "\n");
        var value = new string('x', 6_000) + "\n" + new string('y', 6_000);
        var ragged = temp.File("ragged.csv", string.Join('\n', [CanonicalCsv.Header, .. rows, $"2024-03-01 10:00:00,u1,s1,view,i1,\"{value}\",b1,1.0,surplus", .. rows.Take(10).Select(r => r.Replace(",u", ",w", StringComparison.Ordinal))]) + "\n");
        var gzipped = temp.Combine("stray.csv.gz");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(gzipped), System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(stray));
        }

        var zstd = temp.Combine("stray.csv.zst");
        using (var compressing = new ZstdSharp.CompressionStream(File.Create(zstd), leaveOpen: false))
        {
            compressing.Write(File.ReadAllBytes(stray));
        }

        var strayLake = new Lake(temp.Combine("a"));
        var raggedLake = new Lake(temp.Combine("b"));
        var gzipLake = new Lake(temp.Combine("c"));
        var zstdLake = new Lake(temp.Combine("d"));

        var read = new EventIngestor(strayLake, new IngestOptions()).Run(SourceMappings.Load("canonical"), stray);
        var one = new EventIngestor(raggedLake, new IngestOptions()).Run(SourceMappings.Load("canonical"), ragged);
        var compressed = new EventIngestor(gzipLake, new IngestOptions()).Run(SourceMappings.Load("canonical"), gzipped);
        var zstdRead = new EventIngestor(zstdLake, new IngestOptions()).Run(SourceMappings.Load("canonical"), zstd);

        Assert.Equal((25_502L, 25_100L, 402L), (read.Rows.Read, read.Rows.Accepted, read.Rows.Quarantined));
        Assert.Equal(Enumerable.Range(25_002, 402).Select(l => $"{l} malformed_row"), QuarantinedLines(strayLake));
        var quarantine = IngestManifest.Load(strayLake).QuarantineFiles(strayLake);
        Assert.Equal(swallowed, LakeReader.Column<string>(strayLake, quarantine, "raw_record", "line BETWEEN 25003 AND 25402", orderBy: "line"));
        Assert.Equal(Enumerable.Repeat("inside the quoted value opened on line 25002", 401), LakeReader.Column<string>(strayLake, quarantine, "value", "line > 25002"));
        Assert.Equal((25_502L, 25_100L, 402L), (compressed.Rows.Read, compressed.Rows.Accepted, compressed.Rows.Quarantined));
        Assert.Equal(QuarantinedLines(strayLake), QuarantinedLines(gzipLake));
        Assert.Equal((25_502L, 25_100L, 402L), (zstdRead.Rows.Read, zstdRead.Rows.Accepted, zstdRead.Rows.Quarantined));
        Assert.Equal(QuarantinedLines(strayLake), QuarantinedLines(zstdLake));
        Assert.Equal((25_011L, 25_010L, 1L), (one.Rows.Read, one.Rows.Accepted, one.Rows.Quarantined));
        Assert.Equal(["25002 malformed_row"], QuarantinedLines(raggedLake));
        Assert.Equal($"2024-03-01 10:00:00,u1,s1,view,i1,\"{value}\",b1,1.0,surplus",
            LakeReader.Column<string>(raggedLake, IngestManifest.Load(raggedLake).QuarantineFiles(raggedLake), "raw_record").Single());
    }

    /// <summary>
    /// DuckDB cuts a malformed row's text at 10,000 bytes, not characters, and counts a Latin-1 file's byte
    /// positions in its UTF-8 reading: with accented text before and inside the swallowed rows, both were
    /// missed (a Latin-1 file of 30,000 rows was read as 29,778 = 29,599 accepted + 179 quarantined), and a
    /// quote that never closes was placed hundreds of lines late.
    /// </summary>
    [Theory]
    [InlineData("utf-8")]
    [InlineData("latin-1")]
    public void A_stray_quote_in_accented_text_loses_nothing_in_utf8_or_latin1(string encoding)
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(0, 25_000).Select(i => CanonicalCsv.Valid(i).Replace(",c1,", ",café,", StringComparison.Ordinal)).ToList();
        var swallowed = Enumerable.Range(30_000, 400).Select(i => CanonicalCsv.Valid(i).Replace(",b1,", ",Bölt,", StringComparison.Ordinal)).ToList();
        var text = string.Join('\n', [
            CanonicalCsv.Header, .. rows, "2024-03-01 10:00:00,u1,s1,view,i1,\"Acmé,b1,12.5", .. swallowed,
            "2024-03-01 10:02:00,u4,s4,view,i4,\"Shoes\",b1,1.0", .. Enumerable.Range(40_000, 100).Select(i => CanonicalCsv.Valid(i))]) + "\n";
        var written = encoding == SourceMapping.Latin1 ? System.Text.Encoding.Latin1 : new System.Text.UTF8Encoding(false);
        var input = temp.File("events.csv", "");
        File.WriteAllText(input, text, written);
        var unclosed = temp.File("unclosed.csv", "");
        File.WriteAllText(unclosed, string.Join('\n', [CanonicalCsv.Header, .. rows, "2024-03-01 10:00:00,u1,s1,view,i1,\"Acmé,b1,12.5", .. swallowed]) + "\n", written);
        var lake = new Lake(temp.Combine("lake"));
        var mapping = SourceMappings.Load("canonical") with { Encoding = encoding };

        var read = new EventIngestor(lake, new IngestOptions()).Run(mapping, input);
        var refused = Assert.Throws<IngestException>(() => new EventIngestor(new Lake(temp.Combine("refused")), new IngestOptions()).Run(mapping, unclosed));

        Assert.Equal((25_502L, 25_100L, 402L), (read.Rows.Read, read.Rows.Accepted, read.Rows.Quarantined));
        Assert.Equal(Enumerable.Range(25_002, 402).Select(l => $"{l} malformed_row"), QuarantinedLines(lake));
        Assert.Equal(swallowed, LakeReader.Column<string>(lake, IngestManifest.Load(lake).QuarantineFiles(lake), "raw_record", "line BETWEEN 25003 AND 25402", orderBy: "line"));
        // DuckDB's position of the quote, in its UTF-8 reading of a Latin-1 file, is 25,000 bytes past the file's.
        Assert.Contains("unclosed.csv, line 25002: a quoted value opens there and never closes, so the 400 line(s) after it", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Within the 20,480 rows DuckDB's sniffer reads, a quote that never closes, one that a later quote
    /// closes (the lines between make one malformed row) or a row over the reader's 2 MB fails the whole
    /// file at sniffing with no line in DuckDB's message; the message now names it.
    /// </summary>
    [Fact]
    public void A_file_refused_at_sniffing_is_refused_with_the_line_to_fix()
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(0, 100).Select(i => CanonicalCsv.Valid(i)).ToList();
        var unclosed = temp.File("unclosed.csv", string.Join('\n', [CanonicalCsv.Header, .. rows, "2024-03-01 10:00:00,u1,s1,view,i1,\"TV 55,b1,12.5", .. rows]) + "\n");
        var closedLater = temp.File("later.csv", string.Join('\n', [CanonicalCsv.Header, .. rows, "2024-03-01 10:00:00,u1,s1,view,i1,\"TV 55,b1,12.5", .. rows.Take(6), "2024-03-01 10:02:00,u4,s4,view,i4,\"Shoes\",b1,1.0", .. rows]) + "\n");
        var longRow = temp.File("long.csv", string.Join('\n', [CanonicalCsv.Header, .. rows.Take(3), $"2024-03-01 10:00:00,u1,s1,view,i1,{new string('x', 3_000_000)},b1,12.5", .. rows]) + "\n");

        IngestException Refusal(string input) =>
            Assert.Throws<IngestException>(() => new EventIngestor(new Lake(temp.Combine("lake")), new IngestOptions()).Run(SourceMappings.Load("canonical"), input));

        Assert.Contains("line 102 opens a quoted value that never closes", Refusal(unclosed).Message, StringComparison.Ordinal);
        Assert.Contains("line 102 opens a quoted value that only a quote on line 109 closes, so lines 102–109 would be read as one malformed row", Refusal(closedLater).Message, StringComparison.Ordinal);
        Assert.Contains("the row starting on line 5 is 3,000,042 bytes long", Refusal(longRow).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(new Lake(temp.Combine("lake")).ManifestPath));
    }

    /// <summary>
    /// Exports that write a quote inside a quoted value as <c>\"</c> (MySQL's <c>INTO OUTFILE</c>) could not be
    /// read: within the sniffer's sample the file was refused with no line, past it each such row was
    /// malformed. The message now names the line and the mapping's <c>escape</c>, which reads them.
    /// </summary>
    [Fact]
    public void A_source_that_escapes_quotes_with_a_backslash_is_read_with_the_mappings_escape()
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(0, 100).Select(i => CanonicalCsv.Valid(i)).ToList();
        var input = temp.File("escaped.csv", string.Join('\n', [CanonicalCsv.Header, .. rows, "2024-03-01 10:00:00,u1,s1,view,i1,\"TV \\\"55\\\", black\",b1,12.5", .. Enumerable.Range(1_000, 100).Select(i => CanonicalCsv.Valid(i))]) + "\n");
        var canonical = SourceMappings.Load("canonical");
        var lake = new Lake(temp.Combine("b"));

        var refused = Assert.Throws<IngestException>(() => new EventIngestor(new Lake(temp.Combine("a")), new IngestOptions()).Run(canonical, input));
        var read = new EventIngestor(lake, new IngestOptions()).Run(canonical with { Escape = "\\", NullValues = ["", "NA", "null", "NULL"] }, input);

        Assert.Contains("line 102 has a quoted value whose closing quote is followed by text", refused.Message, StringComparison.Ordinal);
        Assert.Contains("set the mapping's \"escape\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal((201L, 201L), (read.Rows.Read, read.Rows.Accepted));
        Assert.Equal(["TV \"55\", black"], LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "category", "user_id = 'u1' AND event_time = '2024-03-01 10:00:00'"));
    }

    /// <summary>
    /// DuckDB's sniffer took '#' for a comment character when the file's top had such a line, and then dropped
    /// a data row starting with '#' without a count (read 3 of 4 rows, nothing quarantined for it). Comments
    /// and lines before the header are now the mapping's to name: by default a '#' row is a row (quarantined
    /// here: its time does not parse) and a preamble fails the header check, saying what to set.
    /// </summary>
    [Fact]
    public void Comment_and_preamble_lines_are_the_mappings_to_name_and_no_row_is_dropped_for_them()
    {
        using var temp = new TempFolder();
        string[] rows = [CanonicalCsv.Valid(1), "2024-03-01 10:01:00,u2,s2,view,i2,c1,b1,ten", "#" + CanonicalCsv.Valid(3), CanonicalCsv.Valid(4), "2024-03-01 10:05:00,u5,s5,view,i5,c1,b1,-3"];
        var input = temp.File("events.csv", string.Join('\n', ["# exported 2024-03-02", CanonicalCsv.Header, .. rows[..4], "  # a note", rows[4]]) + "\n");
        var plain = temp.File("plain.csv", string.Join('\n', [CanonicalCsv.Header, .. rows]) + "\n");
        var canonical = SourceMappings.Load("canonical");

        var refused = Assert.Throws<IngestException>(() => new EventIngestor(new Lake(temp.Combine("a")), new IngestOptions()).Run(canonical, input));
        var preambleLake = new Lake(temp.Combine("b"));
        var withPreamble = new EventIngestor(preambleLake, new IngestOptions()).Run(canonical with { Skip = 1 }, input);
        var withComments = new Lake(temp.Combine("c"));
        var commented = new EventIngestor(withComments, new IngestOptions()).Run(canonical with { Comment = "#" }, input);
        var read = new EventIngestor(new Lake(temp.Combine("d")), new IngestOptions()).Run(canonical, plain);

        Assert.Contains("its \"skip\"; for comment lines, its \"comment\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal((6L, 2L, 4L), (withPreamble.Rows.Read, withPreamble.Rows.Accepted, withPreamble.Rows.Quarantined));
        Assert.Equal(["4 unparseable_value", "5 unparseable_value", "7 malformed_row", "8 invalid_price"],
            QuarantinedLines(preambleLake));
        // Comment lines are numbered as an editor shows them, the one between the rows included.
        Assert.Equal((4L, 2L, 2L), (commented.Rows.Read, commented.Rows.Accepted, commented.Rows.Quarantined));
        Assert.Equal(["4 unparseable_value", "8 invalid_price"],
            QuarantinedLines(withComments));
        Assert.Equal((5L, 2L, 3L), (read.Rows.Read, read.Rows.Accepted, read.Rows.Quarantined));
    }

    /// <summary>DuckDB skips blank lines between rows; a blank line inside a quoted value belongs to its row.</summary>
    [Fact]
    public void Rows_after_blank_lines_are_quarantined_at_the_line_an_editor_shows()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", string.Join('\n',
            CanonicalCsv.Header,
            CanonicalCsv.Valid(1),
            "",
            "2024-03-01 10:01:00,u3,s3,view,i3,c1,b1,ten",
            "2024-03-01 10:02:00,u4,s4,view,i4,\"a",
            "",
            "c\",b1,1.0,surplus",
            "",
            "2024-03-01 10:03:00,u5,s5,view,i5,c1,b1,-3",
            CanonicalCsv.Valid(6)) + "\n");
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal((5L, 2L, 3L), (result.Rows.Read, result.Rows.Accepted, result.Rows.Quarantined));
        Assert.Equal(["4 unparseable_value", "5 malformed_row", "9 invalid_price"],
            QuarantinedLines(lake));
    }

    /// <summary>One value spanning two lines and no line feed after the last row: the file has as many line feeds as rows and header, but one line more.</summary>
    [Fact]
    public void A_last_line_without_a_line_feed_still_counts_as_a_line()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", string.Join('\n', CanonicalCsv.Header, "2024-03-01 10:00:00,u2,s2,view,i2,\"Shoes", "and boots\",b1,12.5", "2024-03-01 10:01:00,u3,s3,view,i3,c1,b1,ten"));
        var lake = new Lake(temp.Combine("lake"));

        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal(["4 unparseable_value"], QuarantinedLines(lake));
    }

    [Fact]
    public void Strict_mode_rejects_the_batch_writes_an_error_report_and_leaves_the_lake_untouched()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var good = temp.File("first/events.csv", CanonicalCsv.Header + "\n" + CanonicalCsv.Valid(1) + "\n");
        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), good);
        var before = LakeReader.Snapshot(lake);
        var (csv, lineRules) = MixedFile();
        var input = temp.File("second/events.csv", csv);
        var reportPath = temp.Combine("errors.csv");

        var result = new EventIngestor(lake, new IngestOptions { Strict = true, ErrorReportPath = reportPath }).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal(IngestStatus.Rejected, result.Status);
        Assert.Equal(before, LakeReader.Snapshot(lake));
        var report = File.ReadAllLines(reportPath);
        Assert.Equal("source_file,line,column,value,rule", report[0]);
        Assert.Equal(lineRules.Count, report.Length - 1);
        Assert.Equal(lineRules.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}|{kv.Value}"),
            report.Skip(1).Select(r => r.Split(',')).Select(f => $"{f[1]}|{f[^1]}"));
        Assert.StartsWith($"{input},{lineRules.Keys.Min()},event_time,", report[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mode_commits_a_clean_batch_and_drops_exact_duplicates()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var input = temp.File("events.csv", string.Join('\n', CanonicalCsv.Header, CanonicalCsv.Valid(1), CanonicalCsv.Valid(2), CanonicalCsv.Valid(1)) + "\n");

        var result = new EventIngestor(lake, new IngestOptions { Strict = true }).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal(IngestStatus.Committed, result.Status);
        Assert.Equal((3L, 2L, 1L), (result.Rows.Read, result.Rows.Accepted, result.Rows.Duplicates));
        Assert.Equal(2, LakeReader.BronzeCount(lake));
    }

    [Fact]
    public void The_plausible_time_window_is_configurable()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", string.Join('\n', CanonicalCsv.Header, CanonicalCsv.Valid(0), CanonicalCsv.Valid(3)) + "\n");
        var options = new IngestOptions { MinEventTime = new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc) };

        var result = new EventIngestor(new Lake(temp.Combine("lake")), options).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal(1, result.Rows.Accepted);
        Assert.Equal(1, result.Rows.QuarantinedByRule["time_out_of_window"]);
    }

    [Fact]
    public void Duplicates_that_differ_only_by_a_null_are_not_duplicates()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", string.Join('\n', CanonicalCsv.Header,
            "2024-03-01 10:00:00,u1,s1,view,i1,c1,,1.0",
            "2024-03-01 10:00:00,u1,s1,view,i1,c1,,1.0",
            "2024-03-01 10:00:00,u1,s1,view,i1,c1,b1,1.0",
            "2024-03-01 10:00:00,u1,s1,view,i1,c1,,") + "\n");

        var result = new EventIngestor(new Lake(temp.Combine("lake")), new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal((4L, 3L, 1L), (result.Rows.Read, result.Rows.Accepted, result.Rows.Duplicates));
    }
}
