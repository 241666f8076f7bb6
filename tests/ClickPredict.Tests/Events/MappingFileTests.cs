using ClickPredict.Events;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Events;

public class MappingFileTests
{
    [Fact]
    public void A_user_written_mapping_file_works_like_a_preset_including_separator_zone_and_vocabulary()
    {
        using var temp = new TempFolder();
        var mappingPath = temp.File("shop.json", """
            {
              "name": "shop",
              "separator": ";",
              "files": "*.txt",
              "fields": { "eventTime": "ts", "userId": "customer", "sessionId": "visit", "eventType": "action", "itemId": "sku", "price": "amount" },
              "timestamp": { "format": "%d/%m/%Y %H:%M:%S", "timeZone": "Europe/Berlin" },
              "eventTypes": { "detail": "view", "basket_add": "cart", "Order": "purchase" }
            }
            """);
        var input = temp.File("export/day1.txt", """
            ts;customer;visit;action;sku;amount
            31/03/2024 01:30:00;c1;v1;detail;A;10
            31/03/2024 03:30:00;c1;v1;BASKET_ADD;A;10
            31/03/2024 03:40:00;;v2;order;B;5
            """);

        var result = new EventIngestor(new Lake(temp.Combine("lake")), new IngestOptions()).Run(SourceMappings.Load(mappingPath), Path.GetDirectoryName(input)!);

        var lake = new Lake(temp.Combine("lake"));
        Assert.Equal(3, result.Rows.Accepted);
        var files = IngestManifest.Load(lake).BronzeFiles(lake);
        // Berlin switched to summer time at 02:00 that night: +01:00 before, +02:00 after.
        Assert.Equal(
            ["00:30 view c1", "01:30 cart c1", "01:40 purchase anon-v2"],
            LakeReader.Column<string>(lake, files, "strftime(event_time, '%H:%M') || ' ' || event_type || ' ' || user_id", orderBy: "event_time"));
        Assert.Equal("shop", IngestManifest.Load(lake).Sources.Single().Mapping);
    }

    [Theory]
    [InlineData("""{ "name": "x", "fields": { "userId": "u", "eventType": "e", "itemId": "i" } }""", "fields.eventTime is required")]
    [InlineData("""{ "name": "x", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" }, "eventTypes": { "pv": "click" } }""", "'pv' maps to 'click'")]
    [InlineData("""{ "name": "x", "header": false, "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" } }""", "needs 'columns'")]
    [InlineData("""{ "name": "x", "fields": { "eventTime": "t", "eventType": "e", "itemId": "i" } }""", "userId or fields.sessionId")]
    [InlineData("""{ "name": "x", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" }, "timestamp": { "timeZone": "Mars/Olympus" } }""", "Mars/Olympus")]
    [InlineData("""{ "name": "x", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" }, "colums": [] }""", "not a valid mapping")]
    [InlineData("""{ "name": "x", "fields": """, "not a valid mapping")]
    [InlineData("""{ "name": "x", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" }, "optionalFields": ["itemId"] }""", "not 'itemId'")]
    [InlineData("""{ "name": "x", "quote": ",", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" } }""", "quote must be one character other than the separator")]
    [InlineData("""{ "name": "x", "escape": "\\\\", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" } }""", "escape must be one character")]
    [InlineData("""{ "name": "x", "quote": "", "escape": "\\", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" } }""", "escape must be one character other than the separator, with a quote")]
    [InlineData("""{ "name": "x", "escape": "\\", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" } }""", "escape '\\' appears in the null value '\\N'")]
    [InlineData("""{ "name": "x", "comment": "//", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" } }""", "comment must be one character")]
    [InlineData("""{ "name": "x", "skip": -1, "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" } }""", "skip must be 0 or more lines")]
    [InlineData("""{ "name": "x", "encoding": "utf-32", "fields": { "eventTime": "t", "userId": "u", "eventType": "e", "itemId": "i" } }""", "encoding must be one of utf-8, utf-16, latin-1, not 'utf-32'")]
    public void A_broken_mapping_fails_before_any_file_is_read_and_says_what_to_fix(string json, string expected)
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.json", json);

        var error = Assert.Throws<MappingException>(() => SourceMappings.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapped_column_missing_from_the_file_names_the_file_the_column_and_the_columns_it_has()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", "time,user,type,item\n2024-01-01 00:00:00,u,view,i\n");

        var error = Assert.Throws<IngestException>(() =>
            new EventIngestor(new Lake(temp.Combine("lake")), new IngestOptions()).Run(SourceMappings.Load("canonical"), input));

        Assert.Contains("events.csv has no column 'event_time'", error.Message, StringComparison.Ordinal);
        Assert.Contains("its columns are time, user, type, item", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_a_batch_missing_a_column_fails_before_any_file_is_hashed_or_read_in_full()
    {
        using var temp = new TempFolder();
        temp.File("in/events-1.csv", CanonicalCsv.Header + "\n" + CanonicalCsv.Valid(1) + "\n");
        temp.File("in/events-2.csv", "event_time,user_id,event_type,category\n2024-03-01 10:00:00,u,view,c\n");
        var steps = new List<string>();

        var error = Assert.Throws<IngestException>(() => new EventIngestor(new Lake(temp.Combine("lake")), new IngestOptions())
            .Run(SourceMappings.Load("canonical"), temp.Combine("in"), new Synchronous<IngestProgress>(p => steps.Add($"{Path.GetFileName(p.File)} {p.Step}"))));

        Assert.Contains("events-2.csv has no column 'item_id'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["events-1.csv checking the header", "events-2.csv checking the header"], steps);
        Assert.False(Directory.Exists(new Lake(temp.Combine("lake")).BronzeEvents));
    }

    [Fact]
    public void A_canonical_file_without_its_nullable_columns_ingests_with_them_null()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", """
            event_time,user_id,event_type,item_id
            2024-03-01 10:00:00,u1,view,i1
            2024-03-01 10:01:00,u1,cart,i2
            """);

        var result = new EventIngestor(new Lake(temp.Combine("lake")), new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        var lake = new Lake(temp.Combine("lake"));
        Assert.Equal(2, result.Rows.Accepted);
        Assert.Equal(
            ["view i1 null null null null", "cart i2 null null null null"],
            LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake),
                "event_type || ' ' || item_id || ' ' || coalesce(session_id, 'null') || ' ' || coalesce(category, 'null') || ' ' || coalesce(brand, 'null') || ' ' || coalesce(CAST(price AS VARCHAR), 'null')",
                orderBy: "event_time"));
    }

    [Fact]
    public void Every_preset_loads_and_passes_its_own_rules()
    {
        foreach (var preset in SourceMappings.Presets)
        {
            Assert.Equal(preset, SourceMappings.Load(preset).Name);
        }
    }

    [Fact]
    public void A_date_plus_millisecond_offset_source_with_session_ids_and_no_users_ingests()
    {
        using var temp = new TempFolder();
        var mappingPath = temp.File("diginetica.json", """
            {
              "name": "diginetica-like",
              "separator": ";",
              "fields": { "eventTime": "eventdate", "timeOffsetMs": "timeframe", "sessionId": "sessionId", "itemId": "itemId", "eventType": "kind" },
              "timestamp": { "format": "date_offset_ms", "timeZone": "America/New_York" },
              "eventTypes": { "click": "view" }
            }
            """);
        var input = temp.File("views.csv", """
            sessionId;timeframe;itemId;eventdate;kind
            1;526309;9654;2016-05-09;click
            1;1031020;33043;2016-05-09;click
            """);
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load(mappingPath), input);

        Assert.Equal(2, result.Rows.Accepted);
        // Midnight in New York (UTC-4 in May) plus 526,309 ms = 04:08:46.309 UTC.
        Assert.Equal(
            ["2016-05-09 04:08:46.309 anon-1", "2016-05-09 04:17:11.020 anon-1"],
            LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "strftime(event_time, '%Y-%m-%d %H:%M:%S.%g') || ' ' || user_id", orderBy: "event_time"));
    }

    [Fact]
    public void Iso_timestamps_with_offsets_are_converted_to_utc_and_naive_ones_read_in_the_mapping_zone()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", """
            event_time,user_id,session_id,event_type,item_id,category,brand,price
            2024-03-01T10:00:00+02:00,u1,s1,view,i1,,,
            2024-03-01T10:00:00Z,u2,s2,view,i1,,,
            2024-03-01 10:00:00 UTC,u3,s3,view,i1,,,
            2024-03-01 10:00:00,u4,s4,view,i1,,,
            2024-03-01 10:00:00.250-05:30,u5,s5,view,i1,,,
            2024-03-01 10:00:00 America/New_York,u6,s6,view,i1,,,
            """);
        var lake = new Lake(temp.Combine("lake"));

        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal(
            ["u1 08:00:00.000", "u2 10:00:00.000", "u3 10:00:00.000", "u4 10:00:00.000", "u5 15:30:00.250", "u6 15:00:00.000"],
            LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "user_id || ' ' || strftime(event_time, '%H:%M:%S.%g')"));
    }
}

/// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class Synchronous<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
