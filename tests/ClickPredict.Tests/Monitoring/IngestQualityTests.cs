using ClickPredict.Events;
using ClickPredict.Events.Quality;
using ClickPredict.Storage;
using ClickPredict.Tests.Events;

namespace ClickPredict.Tests.Monitoring;

public class IngestQualityTests
{
    [Fact]
    public void An_ingest_records_counts_null_rates_and_the_accepted_mix_and_alerts_on_the_quarantine_rate()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        // 100 valid rows (80 views, 15 carts, 5 purchases), 4 without user or session, 2 with an unparseable
        // price, and one exact duplicate of a view: 107 rows read, 6 quarantined (5.6 %, over 5 %).
        var rows = Enumerable.Range(0, 100).Select(i => CanonicalCsv.Valid(i, i < 80 ? "view" : i < 95 ? "cart" : "purchase"))
            .Concat(Enumerable.Range(0, 4).Select(i => $"2024-03-01 11:00:0{i},,,view,i{i},c1,b1,1.0"))
            .Concat(Enumerable.Range(0, 2).Select(i => $"2024-03-01 12:00:0{i},u{i},s{i},view,i{i},c1,b1,ten"))
            .Append(CanonicalCsv.Valid(3, "view"));
        var input = temp.File("a/events.csv", string.Join('\n', rows.Prepend(CanonicalCsv.Header)) + "\n");

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        var q = Assert.IsType<IngestQuality>(result.Quality);
        Assert.Equal((107L, 100L, 6L, 1L), (q.Rows.Read, q.Rows.Accepted, q.Rows.Quarantined, q.Rows.Duplicates));
        Assert.Equal(6 / 107.0, q.QuarantineRate, 12);
        Assert.Equal(1 / 107.0, q.DuplicateRate, 12);
        Assert.Equal(4 / 107.0, q.NullRates["user_id"], 12);
        Assert.Equal(4 / 107.0, q.NullRates["session_id"], 12);
        Assert.Equal(2 / 107.0, q.NullRates["price"], 12);
        Assert.Equal(0, q.NullRates["item_id"]);
        Assert.Equal(80, q.EventTypes["view"]);
        Assert.Equal(15, q.EventTypes["cart"]);
        Assert.Equal(5, q.EventTypes["purchase"]);
        Assert.Null(q.RowCountChange);
        var alert = Assert.Single(q.Alerts);
        Assert.Equal(("quarantine_rate", 6 / 107.0), (alert.Check, alert.Value));
        var stored = Assert.Single(QualityLog.Recent(lake));
        Assert.Equal(q.IngestId, stored.IngestId);
        Assert.Equal(q.NullRates, stored.NullRates);
    }

    [Fact]
    public void A_second_ingest_is_compared_with_the_previous_one_of_the_same_source()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var ingestor = new EventIngestor(lake, new IngestOptions());
        var first = Enumerable.Range(0, 100).Select(i => CanonicalCsv.Valid(i, i < 80 ? "view" : i < 95 ? "cart" : "purchase"));
        // 30 views and 10 rows without an item: 40 read (−60 %), item_id NULL in 25 %, 25 % quarantined,
        // views 80 % → 100 % and carts 15 % → 0 % (over 5 points); purchases 5 % → 0 % is exactly 5 points
        // and too few (5 < 100) to judge relatively.
        var second = Enumerable.Range(200, 30).Select(i => CanonicalCsv.Valid(i))
            .Concat(Enumerable.Range(0, 10).Select(i => $"2024-03-02 11:00:0{i},u{i},s{i},view,,c1,b1,1.0"));

        ingestor.Run(SourceMappings.Load("canonical"), temp.File("a/events.csv", Csv(first)));
        var result = ingestor.Run(SourceMappings.Load("canonical"), temp.File("b/events.csv", Csv(second)));

        var q = result.Quality!;
        Assert.Equal(-0.6, q.RowCountChange!.Value, 12);
        Assert.Equal(QualityLog.Recent(lake)[1].IngestId, q.PreviousIngestId);
        Assert.Equal(
            ["event_type_share:cart", "event_type_share:view", "null_rate:item_id", "quarantine_rate:canonical", "row_count_change:canonical"],
            q.Alerts.Select(a => $"{a.Check}:{a.Subject}").Order(StringComparer.Ordinal));
        Assert.Equal([q.IngestId, QualityLog.Recent(lake)[1].IngestId], QualityLog.Recent(lake).Select(r => r.IngestId));
    }

    [Fact]
    public void A_purchase_share_that_halves_on_enough_rows_alerts_even_though_it_moves_less_than_5_points()
    {
        var previous = Quality(views: 9_700, purchases: 300, previous: null);

        var now = Quality(views: 9_860, purchases: 140, previous);

        var alert = Assert.Single(now.Alerts);
        Assert.Equal(("event_type_share", "purchase", 0.5), (alert.Check, alert.Subject, alert.Threshold));
        Assert.Equal(-160 / 300.0, alert.Value, 12);
        Assert.Empty(Quality(views: 9_760, purchases: 240, previous).Alerts);
    }

    private static IngestQuality Quality(long views, long purchases, IngestQuality? previous) => QualityCheck.Of(
        Guid.NewGuid().ToString("N"), DateTimeOffset.UnixEpoch, "shop", "committed", 1,
        new RowCounts(views + purchases, views + purchases, 0, new Dictionary<string, long>()),
        new IngestProfile(views + purchases, new Dictionary<string, long>(), new Dictionary<string, long> { ["view"] = views, ["purchase"] = purchases }, null, null),
        previous, new QualityThresholds());

    private static string Csv(IEnumerable<string> rows) => string.Join('\n', rows.Prepend(CanonicalCsv.Header)) + "\n";
}
