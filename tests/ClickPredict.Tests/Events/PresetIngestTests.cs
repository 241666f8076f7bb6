using ClickPredict.Events;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Events;

public class PresetIngestTests
{
    [Fact]
    public void Rees46_sample_ingests_unmodified_with_its_preset()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("rees46"), SharedData.Rees46);

        // SOURCE.md: 17,434 rows (view 17,055, cart 165, purchase 214); `sort | uniq -c` on the data
        // rows finds 5 exact repeats: 4 views and 1 cart.
        Assert.Equal(IngestStatus.Committed, result.Status);
        Assert.Equal(new[] { 17_434L, 17_429L, 5L, 0L }, new[] { result.Rows.Read, result.Rows.Accepted, result.Rows.Duplicates, result.Rows.Quarantined });
        Assert.Equal(17_429, LakeReader.BronzeCount(lake));
        Assert.Equal(214, LakeReader.BronzeCount(lake, "event_type = 'purchase'"));
        Assert.Equal(164, LakeReader.BronzeCount(lake, "event_type = 'cart'"));
        Assert.Equal(17_051, LakeReader.BronzeCount(lake, "event_type = 'view'"));
        Assert.Equal(5_066, LakeReader.Scalar(lake, IngestManifest.Load(lake).BronzeFiles(lake), "count(DISTINCT session_id)"));
        var first = LakeReader.Column<DateTime>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "min(event_time)").Single();
        Assert.Equal(new DateTime(2019, 10, 1, 0, 0, 0), first);
        var shiseido = LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake),
            "item_id || '|' || category || '|' || brand || '|' || price", "user_id = '541312140' AND item_id = '44600062'");
        Assert.Contains("44600062|2103807459595387724|shiseido|35.79", shiseido);
    }

    [Fact]
    [Trait("Category", SharedData.ExternalData)]
    public void Taobao_sample_ingests_unmodified_with_its_preset()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("taobao"), SharedData.Taobao);

        // SOURCE.md: pv 75,693, cart 4,494, fav 2,351 (kept as views), buy 1,749; 814 users; no exact repeats.
        Assert.Equal(84_287, result.Rows.Read);
        Assert.Equal(84_287, result.Rows.Accepted);
        Assert.Equal(75_693 + 2_351, LakeReader.BronzeCount(lake, "event_type = 'view'"));
        Assert.Equal(4_494, LakeReader.BronzeCount(lake, "event_type = 'cart'"));
        Assert.Equal(1_749, LakeReader.BronzeCount(lake, "event_type = 'purchase'"));
        Assert.Equal(814, LakeReader.Scalar(lake, IngestManifest.Load(lake).BronzeFiles(lake), "count(DISTINCT user_id)"));
        Assert.Equal(0, LakeReader.BronzeCount(lake, "price IS NOT NULL OR session_id IS NOT NULL"));
        // First line `1,2268318,2520377,pv,1511544070`: epoch seconds are UTC.
        var time = LakeReader.Column<DateTime>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "event_time", "user_id = '1' AND item_id = '2268318'").Single();
        Assert.Equal(new DateTime(2017, 11, 24, 17, 21, 10), time);
    }

    [Fact]
    public void Retailrocket_preset_reads_epoch_milliseconds_and_its_vocabulary()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var file = temp.File("rr/events.csv", """
            timestamp,visitorid,event,itemid,transactionid
            1433221332117,257597,view,355908,
            1433224214164,992329,view,248676,
            1433221999827,111016,addtocart,158090,
            1433223236124,111016,transaction,158090,4000
            1433223236124,111016,wishlist,158090,
            """);

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("retailrocket"), Path.GetDirectoryName(file)!);

        Assert.Equal(4, result.Rows.Accepted);
        Assert.Equal(1, result.Rows.QuarantinedByRule["unknown_event_type"]);
        Assert.Equal(["cart", "purchase"], LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "event_type", "user_id = '111016'", "event_time"));
        var time = LakeReader.Column<DateTime>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "event_time", "user_id = '257597'").Single();
        Assert.Equal(new DateTime(2015, 6, 2, 5, 2, 12, 117), time);
    }

    [Fact]
    public void Yoochoose_preset_takes_the_event_type_from_the_file_and_keys_anonymous_visitors_by_session()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        temp.File("yc/yoochoose-clicks.dat", """
            1,2014-04-07T10:51:09.277Z,214536502,0
            1,2014-04-07T10:54:09.868Z,214536500,0
            2,2014-04-07T13:56:37.614Z,214662742,0
            """);
        temp.File("yc/yoochoose-buys.dat", """
            1,2014-04-07T10:57:00.306Z,214536500,1046,1
            """);

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("yoochoose"), temp.Combine("yc"));

        Assert.Equal(2, result.Files.Count);
        Assert.Equal(4, result.Rows.Accepted);
        var files = IngestManifest.Load(lake).BronzeFiles(lake);
        Assert.Equal(["view", "view", "purchase"], LakeReader.Column<string>(lake, files, "event_type", "session_id = '1'", "event_time"));
        Assert.Equal(["anon-1"], LakeReader.Column<string>(lake, files, "DISTINCT user_id", "session_id = '1'"));
        Assert.Equal([1046.0], LakeReader.Column<double>(lake, files, "price", "event_type = 'purchase'"));
        Assert.Equal(0, LakeReader.BronzeCount(lake, "event_type = 'view' AND price IS NOT NULL"));
    }

    [Fact]
    public void Canonical_preset_reads_parquet_the_same_as_csv()
    {
        using var temp = new TempFolder();
        var csv = temp.File("in/events.csv", CanonicalCsv.Header + "\n" + CanonicalCsv.Valid(0) + "\n" + CanonicalCsv.Valid(1) + "\n");
        var parquet = temp.Combine("in", "events.parquet");
        using (var db = DuckDb.Open(temp.Combine("spill")))
        {
            db.Execute($"COPY (SELECT * REPLACE (CAST(event_time AS TIMESTAMP) AS event_time, CAST(price AS DOUBLE) AS price) FROM read_csv({DuckDb.Literal(csv)}, all_varchar = true)) TO {DuckDb.Literal(parquet)} (FORMAT parquet)");
        }

        var fromCsv = new Lake(temp.Combine("lake-csv"));
        var fromParquet = new Lake(temp.Combine("lake-parquet"));
        new EventIngestor(fromCsv, new IngestOptions()).Run(SourceMappings.Load("canonical"), csv);
        new EventIngestor(fromParquet, new IngestOptions()).Run(SourceMappings.Load("canonical"), parquet);

        const string row = "strftime(event_time, '%Y-%m-%d %H:%M:%S.%f') || user_id || session_id || event_type || item_id || category || brand || price";
        var expected = LakeReader.Column<string>(fromCsv, IngestManifest.Load(fromCsv).BronzeFiles(fromCsv), row);
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, LakeReader.Column<string>(fromParquet, IngestManifest.Load(fromParquet).BronzeFiles(fromParquet), row));
    }
}
