using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Serving;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Tests.Features;
using ClickPredict.Storage;

namespace ClickPredict.Api.Tests;

/// <summary>
/// Two API hosts on one real Redis (Debian's redis-server, installed by .ci/run), as two replicas
/// behind a proxy would be: events posted to one are history for the other's predictions, which
/// score as the gold rows do; the same events sent to the other replica count once.
/// </summary>
[Collection(ServedLakeCollection.Name)]
public sealed class RedisLiveStoreTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task Events_posted_to_one_replica_are_history_for_the_other()
    {
        using var redis = RedisServer.Start();
        var lake = fixture.Lake.Features;
        var cutoff = lake.QuietInstant();
        using var writer = fixture.With(("ONLINE_STORE", redis.Url));
        using var reader = fixture.With(("ONLINE_STORE", redis.Url));
        var (writes, reads) = (writer.CreateClient(), reader.CreateClient());
        using (var db = FeatureDatabase.Open(lake.Lake, lake.Silver))
        {
            var snapshot = db.Snapshot(cutoff);
            writer.Service<ModelHost>().UseSnapshot(snapshot);
            reader.Service<ModelHost>().UseSnapshot(snapshot);
        }

        // Out of time order by the hour, so some views arrive after later ones (the late-arrival path).
        var later = lake.LiveEvents().Where(e => e.Micros >= EpochMicros.Of(cutoff))
            .OrderBy(e => (e.EventId.GetHashCode(StringComparison.Ordinal) & 0x3) ^ (int)(e.Micros / 3_600_000_000)).ToList();
        var applied = 0;
        foreach (var chunk in later.Chunk(200))
        {
            applied += (await writes.PostEvents(chunk)).Applied;
        }

        Assert.Equal(later.Count, applied);
        var resent = await reads.PostEvents(later.Take(200));
        Assert.Equal((0, 200), (resent.Applied, resent.Duplicates));

        // Sessions of users with an earlier session after the cutoff: their history is partly live.
        var gold = lake.Examples().Values.Where(x => x.SessionStart >= cutoff).GroupBy(x => x.SessionKey)
            .GroupBy(g => g.First().UserId).Where(u => u.Count() >= 2)
            .SelectMany(u => u.OrderBy(g => g.First().SessionStart).Skip(1))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Take(20).SelectMany(g => g).ToList();
        var sessions = lake.SessionEvents(gold.Select(x => x.SessionKey));
        var champion = reader.Service<ModelHost>().Current!.Champion;
        var history = reader.Service<LiveState>().For(reader.Service<ModelHost>().Current!.Snapshot);
        // The features themselves, from the Redis history, to 1e-9 of gold's.
        FeatureLake.AssertLiveFeaturesEqualGold(history, gold, sessions, "from Redis");
        foreach (var example in gold)
        {
            var request = LiveEventRequests.Prefix(example.UserId, sessions[example.SessionKey], example.CutK);
            var (fromReader, fromWriter) = (await reads.Predict(request), await writes.Predict(request));
            Assert.True(Math.Abs(fromReader.Probability - champion.Score(example.Features)) <= 1e-6, $"{example.SessionKey} cut {example.CutK}");
            Assert.Equal(fromWriter.Probability, fromReader.Probability);
        }

        Assert.True(gold.Count >= 30, $"only {gold.Count} examples");
        Assert.Contains(gold, x => x["user_prev_sessions"] >= 1);
    }

    [Fact]
    public async Task Any_replica_moves_the_finished_sessions_in_the_shared_outbox_to_bronze()
    {
        using var redis = RedisServer.Start();
        using var copy = new TempFolder();
        var lake = fixture.Lake.CopyTo(copy.Combine("lake"));
        ApiApp Replica() => new(fixture.Lake.Registry.Root, lake.Root, copy.Combine("predictions"), new() { ["ONLINE_STORE"] = redis.Url });
        using var writer = Replica();
        using var flusher = Replica();
        var now = DateTimeOffset.UtcNow;
        List<LiveEvent> finished =
        [
            LiveBronzeTests.Event("a1", "live-a", "s-a", now.AddHours(-2), EventType.View, 12.5, "b"),
            LiveBronzeTests.Event("a2", "live-a", "s-a", now.AddHours(-2).AddMinutes(4), EventType.Purchase, 12.5, null),
        ];
        var open = LiveBronzeTests.Event("b1", "live-b", null, now.AddMinutes(-3), EventType.View, null, null);
        Assert.Equal(3, (await writer.CreateClient().PostEvents([.. finished, open])).Applied);
        var before = LiveBronzeTests.Bronze(lake).Count;

        var flush = flusher.Service<LiveState>().Flush(flusher.Service<ModelHost>().Current!.Snapshot, now);

        Assert.Equal((2, 1, 2L), (flush.Flushed, flush.Held, flush.Ingest!.Files.Single().Rows.Accepted));
        var bronze = LiveBronzeTests.Bronze(lake);
        Assert.Equal(before + 2, bronze.Count);
        Assert.Equal(finished.Select(LiveBronzeTests.Row).Order(StringComparer.Ordinal), bronze.Where(r => r.StartsWith("live-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        using (var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(redis.Url["redis://".Length..]))
        {
            var left = connection.GetDatabase().StreamRange(RedisOutbox.Stream);
            Assert.Equal("b1", LiveEventLog.Parse(left.Single().Values[0].Value.ToString())!.Event.EventId);
        }

        // The other replica finds nothing more to move.
        Assert.Null(writer.Service<LiveState>().Flush(writer.Service<ModelHost>().Current!.Snapshot, now).Ingest);
    }

    [Fact]
    public async Task Members_no_replica_reads_any_more_are_trimmed_and_every_read_stays_the_same()
    {
        using var redis = RedisServer.Start();
        using var copy = new TempFolder();
        var lake = fixture.Lake.CopyTo(copy.Combine("lake"));
        ApiApp Replica() => new(fixture.Lake.Registry.Root, lake.Root, copy.Combine("predictions"), new() { ["ONLINE_STORE"] = redis.Url });
        using var first = Replica();
        using var second = Replica();
        var now = DateTimeOffset.UtcNow;
        var old = now.AddHours(-3);
        LiveEvent View(string id, string user, DateTimeOffset at, double price) => new(id, user, null, EpochMicros.Of(at.UtcDateTime), EventType.View, "item-t", "cat-t", price);
        // In time order, then one view that arrives late (it goes to the minute and hour buckets).
        await first.CreateClient().PostEvents([View("t1", "trim-u", old, 10), View("t2", "trim-u", old.AddMinutes(2), 30), View("t3", "other", now.AddMinutes(-10), 50)]);
        await first.CreateClient().PostEvents([View("t4", "trim-u", old.AddMinutes(1), 20)]);

        // The replicas serve the lake's snapshot (cut in 2024): trim-u's events move to bronze, nothing is trimmed.
        var moved = first.Service<LiveState>().Flush(first.Service<ModelHost>().Current!.Snapshot, now);
        Assert.Equal((3, 1, 0), (moved.Flushed, moved.Held, moved.Trimmed));

        // Both load a snapshot cut two hours ago; until both have said so, nothing is trimmed.
        var later = new OnlineSnapshot([], EntityStatsLookup.Empty, now.AddHours(-2).UtcDateTime, FeatureSetVersion.Current, "later");
        first.Service<ModelHost>().UseSnapshot(later);
        second.Service<ModelHost>().UseSnapshot(later);
        var at = EpochMicros.Of(now.AddMinutes(-5).UtcDateTime);
        var before = second.Service<LiveState>().For(later).Read("other", "item-t", "cat-t", at);
        Assert.Equal(0, second.Service<LiveState>().Flush(later, now).Trimmed);
        Assert.Equal(3, first.Service<LiveState>().Flush(later, now).Trimmed);

        var db = (await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Url["redis://".Length..])).GetDatabase();
        Assert.Equal(
            (0L, 1L, 2L, 0L, 0L),
            (db.SortedSetLength("cp:u:trim-u"), db.SortedSetLength("cp:iv:item-t"), db.SortedSetLength("cp:cpr:cat-t"), db.HashLength("cp:clh:cat-t"), db.SortedSetLength("cp:cpl:cat-t")));
        var after = second.Service<LiveState>().For(later).Read("other", "item-t", "cat-t", at);
        Assert.Equal(before, after);
        Assert.Equal((1L, 50.0), (after.Category.PricedViews, after.Category.ViewPriceSum));
    }
}
