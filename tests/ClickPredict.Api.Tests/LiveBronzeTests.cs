using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Serving;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Sessions;
using ClickPredict.Storage;

namespace ClickPredict.Api.Tests;

/// <summary>
/// Live events reach the lake's bronze once their sessions have finished, through the ingest (rules,
/// duplicates, quality record), and the next sessionize sees them; an open session stays in the live
/// log; a flush repeated after a crash before the log was marked finds only duplicates.
/// </summary>
[Collection(ServedLakeCollection.Name)]
public sealed class LiveBronzeTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task Finished_sessions_go_to_bronze_once_and_open_ones_wait()
    {
        using var copy = new TempFolder();
        var lake = fixture.Lake.CopyTo(copy.Combine("lake"));
        var live = copy.Combine("live");
        using var app = new ApiApp(fixture.Lake.Registry.Root, lake.Root, copy.Combine("predictions"), new() { ["Serving:LiveFolder"] = live });
        var client = app.CreateClient();
        var now = DateTimeOffset.UtcNow;
        List<LiveEvent> finished =
        [
            Event("a1", "live-a", "s-a", now.AddHours(-2), EventType.View, 12.5, "brand \"A\", ltd"),
            Event("a2", "live-a", "s-a", now.AddHours(-2).AddMinutes(3), EventType.Cart, 12.5, null),
            Event("a3", "live-a", "s-a", now.AddHours(-2).AddMinutes(4), EventType.Purchase, 12.5, null),
            Event("d1", "live-d", null, now.AddMinutes(-50), EventType.View, null, "b1"),
        ];
        List<LiveEvent> open =
        [
            // An active visitor's current run began 40 minutes ago (no pause of 30): it and everything after it
            // waits, even live-e's session, over for 35 minutes, so that a snapshot cut after bronze's last event passes none.
            Event("b1", "live-b", null, now.AddMinutes(-40), EventType.View, 3.25, null),
            Event("b2", "live-b", null, now.AddMinutes(-25), EventType.View, 3.25, null),
            Event("b3", "live-b", null, now.AddMinutes(-5), EventType.View, 3.25, null),
            Event("c1", "live-c", null, now.AddMinutes(-19), EventType.View, 1, null),
            Event("e1", "live-e", null, now.AddMinutes(-35), EventType.View, 1, null),
        ];
        Assert.Equal(9, (await client.PostEvents([.. open.Take(2), .. finished, .. open.Skip(2)])).Applied);
        var snapshot = app.Service<ModelHost>().Current!.Snapshot;
        var state = app.Service<LiveState>();
        var before = Bronze(lake).Count;
        var logBefore = File.ReadAllText(Path.Combine(live, LiveEventLog.FileName));

        var flush = state.Flush(snapshot, now);

        Assert.Equal((4, 5), (flush.Flushed, flush.Held));
        var rows = flush.Ingest!.Files.Single().Rows;
        Assert.Equal((4L, 4L, 0L, 0L), (rows.Read, rows.Accepted, rows.Duplicates, rows.Quarantined));
        Assert.True(File.Exists(Path.Combine(lake.Quality, $"ingest-{flush.Ingest.IngestId}.json")));
        var bronze = Bronze(lake);
        Assert.Equal(before + 4, bronze.Count);
        var added = bronze.Where(r => r.StartsWith("live-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(finished.Select(Row).Order(StringComparer.Ordinal), added);
        var logged = new LiveEventLog(live).ReadLogged().Events;
        Assert.Equal(["a1", "a2", "a3", "d1"], logged.Where(l => l.Flushed).Select(l => l.Event.EventId).Order(StringComparer.Ordinal));
        Assert.Equal(["b1", "b2", "b3", "c1", "e1"], logged.Where(l => !l.Flushed).Select(l => l.Event.EventId).Order(StringComparer.Ordinal));

        // Nothing new has finished: no second ingest.
        Assert.Null(state.Flush(snapshot, now).Ingest);

        // A crash after the ingest and before the log was marked: the next flush finds duplicates only.
        File.WriteAllText(Path.Combine(live, LiveEventLog.FileName), logBefore);
        var again = state.Flush(snapshot, now).Ingest!.Files.Single().Rows;
        Assert.Equal((0L, 4L), (again.Accepted, again.Duplicates));
        Assert.Equal(before + 4, Bronze(lake).Count);

        // Later, every session has finished (the max hold also bounds a visitor who never pauses).
        var later = state.Flush(snapshot, now.AddHours(1));
        Assert.Equal((5, 0), (later.Flushed, later.Held));

        // The next sessionize sees the live sessions: live-a's converted.
        new Sessionizer(lake, new SessionizeOptions()).Run();
        using var db = DuckDb.Open(lake.Spill);
        Assert.Equal(
            (1L, 1L),
            (db.Scalar<long>("SELECT count(*) FROM read_parquet($f) WHERE user_id = 'live-a' AND converted", ("f", SessionsManifest.Load(lake)!.SessionsPaths(lake))),
             db.Scalar<long>("SELECT count(*) FROM read_parquet($f) WHERE user_id = 'live-b'", ("f", SessionsManifest.Load(lake)!.SessionsPaths(lake)))));
    }

    internal static LiveEvent Event(string id, string user, string? session, DateTimeOffset at, EventType type, double? price, string? brand) =>
        new(id, user, session, EpochMicros.Of(at.UtcDateTime), type, $"item-{id[0]}", "cat,1", price, brand);

    internal static string Row(LiveEvent e) =>
        string.Join('|', e.UserId, e.SessionId, e.Micros, CanonicalEventTypes.Name(e.Type), e.ItemId, e.Category, e.Brand, e.Price);

    /// <summary>Every bronze row the manifest lists, as <see cref="Row"/> writes an event.</summary>
    internal static List<string> Bronze(Lake lake)
    {
        using var db = DuckDb.Open(lake.Spill);
        using var reader = db.Query(
            "SELECT user_id, session_id, epoch_us(event_time), event_type, item_id, category, brand, CAST(price AS DOUBLE) FROM read_parquet($files)",
            ("files", IngestManifest.Load(lake).BronzeFiles(lake).ToList()));
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, 8).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
