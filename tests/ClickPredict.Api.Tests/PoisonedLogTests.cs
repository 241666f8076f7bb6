using System.Net;
using ClickPredict.Api.Dashboard;
using ClickPredict.Api.Tests.Dashboard;
using ClickPredict.Api.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClickPredict.Api.Tests;

/// <summary>No file in the prediction log and no failing background job keeps the API from starting and serving.</summary>
[Collection(ServedLakeCollection.Name)]
public class PoisonedLogTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task A_log_with_a_nan_row_and_a_damaged_file_does_not_stop_the_next_start()
    {
        var folder = Path.Combine(fixture.Lake.PredictionLog, Guid.NewGuid().ToString("N"));
        var now = DateTimeOffset.UtcNow;
        await LoggedScoresTests.Write(folder, LoggedScoresTests.Row(now, 1, double.NaN), LoggedScoresTests.Row(now, 1, 0.3));
        await File.WriteAllTextAsync(Path.Combine(folder, "predictions-20240101T000000Z-damaged.parquet"), "not parquet");

        using var app = fixture.With(("PredictionLog:Folder", folder));
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
        Assert.Equal("Healthy", await Eventually(client, "/health"));
        var logged = app.Service<LoggedScores>();
        Assert.Equal((1L, 1), (logged.SkippedRows, logged.UnreadableFiles));
        using var answer = await client.PostAsync("/v1/predictions", System.Net.Http.Json.JsonContent.Create(Requests.Browsing()));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task A_background_job_that_throws_is_reported_by_health_and_the_api_keeps_serving()
    {
        using var app = fixture.With().WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddHostedService<Exploding>()));
        var client = app.CreateClient();

        await Task.Delay(200);
        using var answer = await client.PostAsync("/v1/predictions", System.Net.Http.Json.JsonContent.Create(Requests.Browsing()));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task<string> Eventually(HttpClient client, string path)
    {
        var text = "";
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync(path);
            text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return text;
            }

            await Task.Delay(100);
        }

        return text;
    }

    private sealed class Exploding : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("a background job failed");
        }
    }
}
