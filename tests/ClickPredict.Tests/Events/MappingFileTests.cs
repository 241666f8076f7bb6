using ClickPredict.Events;
using ClickPredict.Storage;
using ClickPredict.Tests.Support;

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
    public void Every_preset_loads_and_passes_its_own_rules()
    {
        foreach (var preset in SourceMappings.Presets)
        {
            Assert.Equal(preset, SourceMappings.Load(preset).Name);
        }
    }
}
