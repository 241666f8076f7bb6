using System.Net;
using System.Net.Http.Json;
using ClickPredict.Api.Serving;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Storage;

namespace ClickPredict.Api.Tests;

/// <summary>On a real Kestrel port the API sends itself predictions before it says ready; they leave no trace a client could see, in the prediction log or the metrics.</summary>
[Collection(ServedLakeCollection.Name)]
public class WarmUpTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task The_warm_up_runs_before_ready_and_is_neither_logged_nor_counted_while_a_forged_token_is()
    {
        var log = Path.Combine(fixture.Lake.PredictionLog, "warm-up-" + Guid.NewGuid().ToString("N"));
        using var app = fixture.With(("PredictionLog:Folder", log));
        using var http = new HttpClient { BaseAddress = new Uri(app.Listen()) };
        await WaitUntilReady(http);

        Assert.True(app.Service<ServingWarmup>().Done);
        Assert.Equal(40, app.Service<ServingWarmup>().Answered);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/v1/predictions") { Content = JsonContent.Create(Requests.Browsing("u-after-warm-up")) };
        forged.Headers.Add(ServingWarmup.Header, new string('0', 32));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(forged)).StatusCode);

        Assert.Equal(["u-after-warm-up"], await WaitForLoggedUsers(log));
        var metrics = await Scrape.From(http);
        Assert.Equal(1, metrics.Sum("clickpredict_predictions_total"));
        // The HTTP metrics count the one request a client sent, not the 40 of the warm-up.
        Assert.Equal(1, metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "/v1/predictions/")));
    }

    [Fact]
    public async Task The_warm_up_spends_none_of_the_loopback_clients_rate_limit()
    {
        using var app = fixture.With(("RateLimit:PermitsPerSecond", "1"), ("RateLimit:Burst", "3"));
        using var http = new HttpClient { BaseAddress = new Uri(app.Listen()) };
        await WaitUntilReady(http);
        Assert.Equal(40, app.Service<ServingWarmup>().Answered);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsJsonAsync("/v1/predictions", Requests.Browsing());
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    private static async Task WaitUntilReady(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "not ready within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>The user ids of every logged row, once at least one row is there (the writer flushes on a 2 s timer).</summary>
    private static async Task<List<string>> WaitForLoggedUsers(string folder)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var users = new List<string>();
            if (Directory.Exists(folder) && Directory.GetFiles(folder, "*.parquet") is { Length: > 0 } files)
            {
                using var db = DuckDb.Open(Path.Combine(folder, ".spill"));
                using var reader = db.Query("SELECT user_id FROM read_parquet($files) ORDER BY user_id", ("files", files.ToList()));
                while (reader.Read())
                {
                    users.Add(reader.GetString(0));
                }
            }

            if (users.Count > 0 || DateTime.UtcNow > deadline)
            {
                return users;
            }

            await Task.Delay(100);
        }
    }
}
