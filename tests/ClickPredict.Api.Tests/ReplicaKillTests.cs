using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Predictions;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Storage;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ClickPredict.Api.Tests;

/// <summary>
/// Two API replicas as their own OS processes on one real Redis: events posted to one are history for
/// the other's predictions, which answer as the first's do. Then, under load from clients that do what
/// the compose file's proxy does (a request that fails on one replica goes to the other). One replica
/// is killed with SIGKILL mid-load: every event either replica acknowledged is in the shared state
/// and in the outbox to bronze, each exactly once.
/// </summary>
[Collection(ServedLakeCollection.Name)]
public sealed class ReplicaKillTests(ServedLakeFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Replicas_share_the_live_history_and_killing_one_under_load_loses_no_acknowledged_event()
    {
        using var redis = RedisServer.Start();
        using var folder = new TempFolder();
        var store = new Dictionary<string, string> { ["ONLINE_STORE"] = redis.Url };
        using var doomed = await ApiProcess.StartAsync(fixture.Lake, folder.Path, store);
        using var survivor = await ApiProcess.StartAsync(fixture.Lake, folder.Path, store);
        using var toDoomed = new HttpClient { BaseAddress = doomed.Address, Timeout = TimeSpan.FromSeconds(10) };
        using var toSurvivor = new HttpClient { BaseAddress = survivor.Address, Timeout = TimeSpan.FromSeconds(10) };

        // Events posted to one replica are history for the other's predictions: both answer alike, and not as before.
        var visit = DateTimeOffset.UtcNow.AddMinutes(-10);
        var session = new PredictionRequest("returning", [.. Enumerable.Range(0, 4).Select(i =>
            new SessionEventRequest(visit.AddSeconds(20 * i), "view", $"i{i:0000000}", "c001", "b001", 20.0 + i))]);
        var unknown = (await toSurvivor.Predict(session)).Probability;
        var history = Enumerable.Range(0, 12).Select(i => new LiveEvent(
            $"history-{i}", "returning", $"earlier-{i / 4}", EpochMicros.Of(visit.AddHours(-3 + (i / 4)).AddMinutes(i % 4).UtcDateTime),
            i % 4 == 3 ? EventType.Purchase : EventType.View, $"i{i % 4:0000000}", "c001", 20.0 + (i % 4)));
        Assert.Equal(12, (await toDoomed.PostEvents(history)).Applied);
        var (fromSurvivor, fromDoomed) = ((await toSurvivor.Predict(session)).Probability, (await toDoomed.Predict(session)).Probability);
        Assert.Equal(fromDoomed, fromSurvivor);
        Assert.NotEqual(unknown, fromSurvivor);
        output.WriteLine($"a returning user's session scores {fromSurvivor:F4} on both replicas ({unknown:F4} before their history was posted)");

        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var (acknowledged, failedOver, beforeKill) = await Load(start, [toDoomed, toSurvivor], doomed);

        output.WriteLine($"{acknowledged.Count} events acknowledged: {beforeKill} by the killed replica before the kill, {failedOver} requests failed over");
        Assert.False(survivor.HasExited);
        Assert.True(failedOver >= 1, "no request failed over to the surviving replica");
        Assert.True(acknowledged.Count - beforeKill >= 50, "too few events after the kill");

        // Every acknowledged event is in the shared state: the survivor counts each one a duplicate.
        Assert.Equal(acknowledged.Count, await Resend(toSurvivor, acknowledged.Keys, start));

        // And on its way to bronze, once each: a request cut off by the kill and sent again is one entry.
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Url["redis://".Length..]);
        var outbox = (await connection.GetDatabase().StreamRangeAsync(RedisOutbox.Stream))
            .Select(entry => LiveEventLog.Parse(entry.Values[0].Value.ToString())!.Event.EventId).ToList();
        Assert.Equal(outbox.Count, outbox.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(acknowledged.Keys.Except(outbox, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Killing_the_embedded_store_under_load_loses_no_acknowledged_event()
    {
        using var folder = new TempFolder();
        var live = new Dictionary<string, string> { ["Serving__LiveFolder"] = folder.Combine("live") };
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        Dictionary<string, HttpClient> acknowledged;
        using (var doomed = await ApiProcess.StartAsync(fixture.Lake, folder.Path, live))
        using (var client = new HttpClient { BaseAddress = doomed.Address, Timeout = TimeSpan.FromSeconds(10) })
        {
            (acknowledged, _, _) = await Load(start, [client], doomed);
        }

        output.WriteLine($"{acknowledged.Count} events acknowledged before SIGKILL");

        // The restarted process replays the log: every acknowledged event is there, once.
        using var restarted = await ApiProcess.StartAsync(fixture.Lake, folder.Path, live);
        using var again = new HttpClient { BaseAddress = restarted.Address, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(acknowledged.Count, await Resend(again, acknowledged.Keys, start));
        var logged = new LiveEventLog(folder.Combine("live")).Read().Events.Select(e => e.EventId).ToList();
        Assert.Equal(logged.Count, logged.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(acknowledged.Keys.Except(logged, StringComparer.Ordinal));
    }

    /// <summary>
    /// 16 clients post single events, each to its replica first and to the next when a request fails
    /// (what the compose file's proxy does); after 2 s <paramref name="doomed"/> gets SIGKILL, and the
    /// load goes on for 2 s. Returns the events acknowledged (by which replica), the failed requests,
    /// and how many the first replica acknowledged before the kill.
    /// </summary>
    private static async Task<(Dictionary<string, HttpClient> Acknowledged, int FailedOver, int BeforeKill)> Load(
        DateTimeOffset start, HttpClient[] replicas, ApiProcess doomed)
    {
        var acknowledged = new ConcurrentDictionary<string, HttpClient>();
        var failedOver = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = $"kill-{worker}-{n}";
                var body = new
                {
                    eventId = id,
                    userId = $"kill-user-{worker}",
                    time = start.AddMilliseconds(n).ToString("O", CultureInfo.InvariantCulture),
                    type = "view",
                    itemId = $"i{n % 50:0000000}",
                    category = "c001",
                    price = 10.0 + (n % 7),
                };
                foreach (var client in replicas.Skip(worker % replicas.Length).Concat(replicas.Take(worker % replicas.Length)))
                {
                    try
                    {
                        using var response = await client.PostAsJsonAsync(new Uri("/v1/events", UriKind.Relative), body);
                        Assert.True(response.IsSuccessStatusCode, $"{id}: {(int)response.StatusCode}");
                        acknowledged[id] = client;
                        break;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref failedOver);
                    }
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var beforeKill = acknowledged.Values.Count(c => c == replicas[0]);
        doomed.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        Assert.True(doomed.HasExited);
        Assert.True(beforeKill >= 50, $"only {beforeKill} events acknowledged by the killed replica");
        return (new Dictionary<string, HttpClient>(acknowledged), failedOver, beforeKill);
    }

    /// <summary>Sends the events with these ids again (in batches) and returns how many the replica counts duplicates.</summary>
    private static async Task<int> Resend(HttpClient replica, IEnumerable<string> ids, DateTimeOffset start)
    {
        var duplicates = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            using var response = await replica.PostAsJsonAsync(new Uri("/v1/events/batch", UriKind.Relative), new
            {
                events = chunk.Select(id => new { eventId = id, userId = "resent", time = start.ToString("O", CultureInfo.InvariantCulture), type = "view", itemId = "i0000001" }).ToList(),
            });
            duplicates += (await response.Content.ReadFromJsonAsync<LiveEventsResponse>())!.Duplicates;
        }

        return duplicates;
    }
}
