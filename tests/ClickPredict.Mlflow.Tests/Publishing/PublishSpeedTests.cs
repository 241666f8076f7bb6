using System.Diagnostics;
using ClickPredict.Mlflow.Publishing;
using ClickPredict.Mlflow.StandIn;
using Xunit.Abstractions;

namespace ClickPredict.Mlflow.Tests.Publishing;

public sealed class PublishSpeedTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_training_with_20_children_publishes_well_inside_the_2_s_budget()
    {
        // Against the in-process stand-in, not MLflow: this bounds the client's own cost (requests, JSON, files).
        using var temp = new TempFolder();
        await using var server = await MlflowStandInServer.StartAsync();
        using var client = server.Client();
        var publisher = new RunPublisher(client);
        var first = Stopwatch.StartNew();
        await client.GetExperimentByNameAsync("Default");
        var firstRequest = first.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var record = Records.Training(temp, key: $"speed-{i}", children: 20, metricsPerChild: 30, artifacts: 5);
            var clock = Stopwatch.StartNew();
            await publisher.PublishAsync(record);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var median = times.Order().ElementAt(times.Count / 2);
        output.WriteLine($"publish 20 children x 30 metrics + 5 artifacts: median {median:0} ms, runs {string.Join(", ", times.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms; {server.Requests.Count / 7} requests each; first request of the process {firstRequest:0} ms");

        Assert.Equal(7 * 21, server.State.Runs.Count);
        Assert.InRange(median, 0, 2_000);
    }
}
