using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ClickPredict.Api.Predictions;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

/// <summary>Promotions and reloads swap model + snapshot atomically while requests keep flowing.</summary>
[Collection(ServedLakeCollection.Name)]
public class HotSwapTests(ServedLakeFixture fixture)
{
    private const int Swaps = 30;
    private const int Workers = 6;

    [Fact]
    public async Task Reloading_in_a_loop_under_load_fails_no_request_and_every_answer_comes_whole_from_a_loaded_model()
    {
        var client = fixture.App.CreateClient();
        var session = Requests.Browsing(events: 6);
        var expected = new Dictionary<int, double>
        {
            [1] = (await client.Predict(session)).Probability,
            [2] = (await client.Predict(session, alias: "challenger")).Probability,
        };
        var clock = Stopwatch.StartNew();
        var swaps = new List<(TimeSpan Before, TimeSpan After, int Champion)> { (TimeSpan.Zero, TimeSpan.Zero, 1) };
        var answers = new ConcurrentBag<(TimeSpan Start, TimeSpan End, HttpStatusCode Status, PredictionResponse? Answer)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = clock.Elapsed;
                using var response = await client.PostAsJsonAsync("/v1/predictions", session);
                var answer = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<PredictionResponse>() : null;
                answers.Add((start, clock.Elapsed, response.StatusCode, answer));
            }
        })).ToList();

        try
        {
            for (var i = 0; i < Swaps; i++)
            {
                var champion = i % 2 == 0 ? 2 : 1;
                var before = clock.Elapsed;
                using var message = new HttpRequestMessage(HttpMethod.Post, i % 3 == 2 ? "/v1/models/reload" : $"/v1/models/{champion}/promote")
                {
                    Content = JsonContent.Create(new { alias = "champion", reason = $"swap {i}" }),
                };
                if (i % 3 == 2)
                {
                    champion = swaps[^1].Champion;
                }

                message.Headers.Add("X-Api-Key", ApiApp.AdminKey);
                using var response = await client.SendAsync(message);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                swaps.Add((before, clock.Elapsed, champion));
                await Task.Delay(20);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
            fixture.Lake.Registry.SetAlias(ServedLake.ModelName, "champion", 1, "test: restore", "tests");
            fixture.Lake.Registry.SetAlias(ServedLake.ModelName, "challenger", 2, "test: restore", "tests");
            await fixture.App.Service<Serving.ModelHost>().ReloadAsync();
        }

        Assert.True(answers.Count >= 200, $"only {answers.Count} requests under load");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal([1, 2], answers.Select(a => a.Answer!.Model.Version).Distinct().Order());
        foreach (var (start, end, _, answer) in answers)
        {
            // The model and its card travel together: the probability is the one that version gives.
            Assert.Equal(expected[answer!.Model.Version], answer.Probability);
            // And that version was champion at some moment while the request was in flight.
            Assert.Contains(swaps.Select((s, k) => (From: s.Before, Until: k + 1 < swaps.Count ? swaps[k + 1].After : TimeSpan.MaxValue, s.Champion)),
                s => s.Champion == answer.Model.Version && s.From <= end && s.Until >= start);
        }
    }
}
