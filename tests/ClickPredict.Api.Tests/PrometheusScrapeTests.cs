using System.Diagnostics;
using System.Text.Json;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

/// <summary>A real Prometheus (Debian's, installed by .ci/run) scrapes the API on a real port and finds the series the README documents.</summary>
[Collection(ServedLakeCollection.Name)]
public class PrometheusScrapeTests(ServedLakeFixture fixture)
{
    /// <summary>What README.md promises at GET /metrics before any drift report exists (the drift gauges have no series until then).</summary>
    private static readonly string[] Documented =
    [
        "clickpredict_predictions_total", "clickpredict_model_version", "clickpredict_snapshot_users",
        "clickpredict_prediction_log_written_total", "clickpredict_prediction_log_dropped_total", "clickpredict_drift_failures_total",
        "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_count",
    ];

    [Fact]
    public async Task Prometheus_scrapes_the_documented_series_and_the_prediction_count()
    {
        var prometheus = Executables.Find("prometheus") ?? throw new InvalidOperationException("prometheus is not installed; .ci/run installs it with apt-get install prometheus.");
        using var app = fixture.With();
        var api = new Uri(app.Listen());
        using (var client = new HttpClient { BaseAddress = api })
        {
            await client.Predict(Requests.Browsing("u-scraped"));
        }

        using var work = new TempFolder();
        var port = Ports.Free();
        await File.WriteAllTextAsync(Path.Combine(work.Path, "prometheus.yml"),
            $"global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: clickpredict\n    static_configs:\n      - targets: ['{api.Authority}']\n");
        using var server = Process.Start(new ProcessStartInfo(prometheus)
        {
            ArgumentList = { $"--config.file={Path.Combine(work.Path, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(work.Path, "data")}", $"--web.listen-address=127.0.0.1:{port}" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var predictions = await WaitFor(query, "sum(clickpredict_predictions_total)");
            var names = await Names(query);

            Assert.Equal(1, predictions);
            Assert.Equal(1, await WaitFor(query, "up{job=\"clickpredict\"}"));
            Assert.All(Documented, name => Assert.Contains(name, names));
            var readme = await File.ReadAllTextAsync(SharedData.RepositoryFile("README.md"));
            Assert.All(Documented.Select(n => n.Replace("_bucket", "", StringComparison.Ordinal).Replace("_count", "", StringComparison.Ordinal)),
                name => Assert.Contains(name, readme, StringComparison.Ordinal));
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    /// <summary>The query's first value once Prometheus has scraped it (up to 60 s).</summary>
    private static async Task<double> WaitFor(HttpClient query, string expression)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var answer = JsonDocument.Parse(await query.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(expression)));
                var result = answer.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            Assert.True(DateTime.UtcNow < deadline, $"Prometheus found no {expression} within 60 s");
            await Task.Delay(250);
        }
    }

    private static async Task<HashSet<string>> Names(HttpClient query)
    {
        using var answer = JsonDocument.Parse(await query.GetStringAsync("api/v1/label/__name__/values"));
        return [.. answer.RootElement.GetProperty("data").EnumerateArray().Select(n => n.GetString()!)];
    }
}
