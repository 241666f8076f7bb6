using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Serving;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Features;
using ClickPredict.Storage;

namespace ClickPredict.Api.Tests;

/// <summary>
/// POST /v1/events over HTTP: silver's events after a quiet cutoff, posted in batches onto a snapshot
/// as of that cutoff, make every later session score as its gold row scores; retries count once; a
/// restart replays the durable log (a torn line skipped); an invalid event is a 400 naming its field,
/// and nothing of its batch is recorded.
/// </summary>
[Collection(ServedLakeCollection.Name)]
public class LiveEventEndpointTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task Events_posted_after_the_snapshot_make_later_sessions_score_as_their_gold_rows()
    {
        var lake = fixture.Lake.Features;
        var cutoff = lake.QuietInstant();
        using var app = fixture.With();
        var client = app.CreateClient();
        var host = app.Service<ModelHost>();
        using (var db = FeatureDatabase.Open(lake.Lake, lake.Silver))
        {
            host.UseSnapshot(db.Snapshot(cutoff));
        }

        var later = lake.LiveEvents().Where(e => e.Micros >= EpochMicros.Of(cutoff)).ToList();
        var applied = 0;
        foreach (var chunk in later.Chunk(200))
        {
            applied += (await client.PostEvents(chunk)).Applied;
        }

        Assert.Equal(later.Count, applied);
        var again = await client.PostEvents(later.Take(300));
        Assert.Equal((0, 300, 0), (again.Applied, again.Duplicates, again.BeforeSnapshot));

        var gold = lake.Examples().Values.Where(x => x.SessionStart >= cutoff).GroupBy(x => x.SessionKey)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Where((_, i) => i % 11 == 0).Take(30).SelectMany(g => g).ToList();
        var sessions = lake.SessionEvents(gold.Select(x => x.SessionKey));
        var champion = host.Current!.Champion;
        foreach (var example in gold)
        {
            var request = LiveEventRequests.Prefix(example.UserId, sessions[example.SessionKey], example.CutK);
            var answer = await client.Predict(request);
            Assert.True(Math.Abs(answer.Probability - champion.Score(example.Features)) <= 1e-6, $"{example.SessionKey} cut {example.CutK}");
        }

        Assert.True(gold.Count >= 50, $"only {gold.Count} examples");
        Assert.Contains(gold, x => x["user_prev_sessions"] >= 1);
    }

    [Fact]
    public async Task A_restart_replays_the_log_and_skips_a_torn_line()
    {
        using var folder = new TempFolder();
        var live = Path.Combine(folder.Path, "live");
        var asOf = fixture.App.Service<ModelHost>().Current?.Snapshot.AsOf ?? await SnapshotAsOf();
        // Four sessions of ten events, each ending in a purchase.
        var events = Enumerable.Range(0, 40).Select(i => Event($"e{i}", "live-user", $"s{i / 10}", asOf.AddMinutes(i + 1), i % 10 == 9 ? "purchase" : "view")).ToList();
        using (var first = fixture.With(("Serving:LiveFolder", live)))
        {
            Assert.Equal(40, (await Post(first.CreateClient(), events)).Applied);
        }

        await File.AppendAllTextAsync(Path.Combine(live, LiveEventLog.FileName), "{\"eventId\":\"torn\",\"userId\":\"x");
        using var second = fixture.With(("Serving:LiveFolder", live));
        var client = second.CreateClient();

        var retried = await Post(client, events.Take(10));
        Assert.Equal((0, 10), (retried.Applied, retried.Duplicates));
        var state = second.Service<ModelHost>().Current!;
        var history = (LiveHistory)second.Service<LiveState>().For(state.Snapshot);
        Assert.Equal(40, history.Applied);
        Assert.Equal((4, 4, 4), (history.User("live-user", long.MaxValue).Purchases, history.User("live-user", long.MaxValue).ConvertedSessions, history.User("live-user", long.MaxValue).Sessions));
        Assert.Equal(1, (await Post(client, [Event("after-torn", "live-user", "s9", asOf.AddHours(2), "purchase")])).Applied);
        Assert.Contains("after-torn", await File.ReadAllTextAsync(Path.Combine(live, LiveEventLog.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_posts_share_the_log_and_each_event_counts_once()
    {
        using var folder = new TempFolder();
        var live = Path.Combine(folder.Path, "live");
        var asOf = fixture.App.Service<ModelHost>().Current?.Snapshot.AsOf ?? await SnapshotAsOf();
        var events = Enumerable.Range(0, 150).Select(i => Event($"c{i}", $"concurrent-{i % 7}", $"cs{i % 7}-{i / 30}", asOf.AddMinutes(i), i % 10 == 9 ? "purchase" : "view")).ToList();
        using (var app = fixture.With(("Serving:LiveFolder", live)))
        {
            var client = app.CreateClient();
            // Every event posted twice, by single posts racing each other: the log's writer takes them in groups.
            var answers = await Task.WhenAll(events.Concat(events).Select(e => Post(client, [e])));
            Assert.Equal((150, 150), (answers.Sum(a => a.Applied), answers.Sum(a => a.Duplicates)));
        }

        var logged = File.ReadAllLines(Path.Combine(live, LiveEventLog.FileName));
        Assert.Equal(150, logged.Length);
        using var restarted = fixture.With(("Serving:LiveFolder", live));
        var history = (LiveHistory)restarted.Service<LiveState>().For(restarted.Service<ModelHost>().Current!.Snapshot);
        Assert.Equal(150, history.Applied);
        Assert.Equal(15, Enumerable.Range(0, 7).Sum(u => history.User($"concurrent-{u}", long.MaxValue).Purchases));
    }

    [Fact]
    public async Task An_invalid_event_is_a_400_naming_its_field_and_nothing_of_its_batch_is_recorded()
    {
        using var app = fixture.With();
        var client = app.CreateClient();
        var asOf = await SnapshotAsOf();
        var good = Event("ok-1", "u-bad", "s1", asOf.AddMinutes(1), "view");
        var batch = new object[]
        {
            good,
            new { eventId = "bad-1", userId = "u-bad", time = asOf.AddMinutes(2).ToString("O"), type = "checkout", itemId = "i1", price = -3.0 },
            new { userId = "u-bad", time = asOf.AddMinutes(3).ToString("O"), type = "view", itemId = "i1" },
        };

        using var response = await client.PostAsJsonAsync("/v1/events/batch", new { events = batch });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("Events[1].Type", out _));
        Assert.True(errors.TryGetProperty("Events[1].Price", out _));
        Assert.True(errors.TryGetProperty("Events[2].EventId", out _));
        Assert.DoesNotContain("Exception", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, ((LiveHistory)app.Service<LiveState>().For(app.Service<ModelHost>().Current!.Snapshot)).Applied);
        using var single = await client.PostAsJsonAsync("/v1/events", new { eventId = "s1", userId = "u", type = "view", itemId = "i1" });
        Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
        Assert.True((await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Time", out _));
    }

    private async Task<DateTime> SnapshotAsOf()
    {
        await fixture.App.CreateClient().GetAsync("/health/ready");
        return fixture.App.Service<ModelHost>().Current!.Snapshot.AsOf;
    }

    private static object Event(string id, string user, string session, DateTime time, string type) =>
        new { eventId = id, userId = user, sessionId = session, time = new DateTimeOffset(time, TimeSpan.Zero).ToString("O"), type, itemId = "i0000001", category = "c001", price = 10.0 };

    private static async Task<LiveEventsResponse> Post(HttpClient client, IEnumerable<object> events)
    {
        using var response = await client.PostAsJsonAsync("/v1/events/batch", new { events = events.ToList() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LiveEventsResponse>())!;
    }
}
