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

        var acknowledged = new ConcurrentDictionary<string, HttpClient>();
        var failedOver = 0;
        using var stop = new CancellationTokenSource();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
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
                // As the proxy: this worker's replica first, the other one when the request fails.
                HttpClient[] order = worker % 2 == 0 ? [toDoomed, toSurvivor] : [toSurvivor, toDoomed];
                foreach (var client in order)
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
        var beforeKill = acknowledged.Values.Count(c => c == toDoomed);
        doomed.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        output.WriteLine($"{acknowledged.Count} events acknowledged: {beforeKill} by the killed replica before the kill, {failedOver} requests failed over");
        Assert.True(doomed.HasExited);
        Assert.False(survivor.HasExited);
        Assert.True(beforeKill >= 50, $"only {beforeKill} events acknowledged by the killed replica");
        Assert.True(failedOver >= 1, "no request failed over to the surviving replica");
        Assert.True(acknowledged.Count - beforeKill >= 50, "too few events after the kill");

        // Every acknowledged event is in the shared state: the survivor counts each one a duplicate.
        var duplicates = 0;
        foreach (var chunk in acknowledged.Keys.Chunk(500))
        {
            using var response = await toSurvivor.PostAsJsonAsync(new Uri("/v1/events/batch", UriKind.Relative), new
            {
                events = chunk.Select(id => new { eventId = id, userId = "resent", time = start.ToString("O", CultureInfo.InvariantCulture), type = "view", itemId = "i0000001" }).ToList(),
            });
            duplicates += (await response.Content.ReadFromJsonAsync<LiveEventsResponse>())!.Duplicates;
        }

        Assert.Equal(acknowledged.Count, duplicates);

        // And on its way to bronze, once each: a request cut off by the kill and sent again is one entry.
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Url["redis://".Length..]);
        var outbox = (await connection.GetDatabase().StreamRangeAsync(RedisOutbox.Stream))
            .Select(entry => LiveEventLog.Parse(entry.Values[0].Value.ToString())!.Event.EventId).ToList();
        Assert.Equal(outbox.Count, outbox.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(acknowledged.Keys.Except(outbox, StringComparer.Ordinal));
    }
}
