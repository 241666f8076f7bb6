using System.Net;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

[Collection(ServedLakeCollection.Name)]
public class DriftNotComputedTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task Before_any_report_drift_is_a_404_problem_that_says_when_it_runs_and_a_failed_refresh_is_shown()
    {
        using var app = fixture.With(("Drift:Interval", "00:15:00"), ("Drift:FirstRunAfter", "00:00:00"));
        var client = app.CreateClient();

        var before = await Problems.Read(await client.GetAsync("/v1/monitoring/drift"), HttpStatusCode.NotFound);
        using var refresh = new HttpRequestMessage(HttpMethod.Post, "/v1/monitoring/drift/refresh");
        refresh.Headers.Add("X-Api-Key", ApiApp.AdminKey);
        var refused = await Problems.Read(await client.SendAsync(refresh), HttpStatusCode.Conflict);
        var after = await Problems.Read(await client.GetAsync("/v1/monitoring/drift"), HttpStatusCode.NotFound);
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal("Drift has not been computed yet.", before.GetProperty("title").GetString());
        Assert.StartsWith("it runs every 15 minutes once predictions are logged, or run `clickpredict drift --lake ", before.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(before.TryGetProperty("lastFailure", out _));
        Assert.Contains("has no finished file yet", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("The last attempt failed: The prediction log has no finished file yet", after.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Nothing in a problem tells the client where the server keeps its files.
        foreach (var problem in new[] { before, refused, after })
        {
            Assert.DoesNotContain(fixture.Lake.Features.Lake.Root, problem.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Path.GetTempPath(), problem.ToString(), StringComparison.Ordinal);
        }
        Assert.Contains("has no finished file yet", after.GetProperty("lastFailure").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Scrape.Parse(metrics).Value("clickpredict_drift_failures_total"));
        Assert.False(Scrape.Parse(metrics).Has("clickpredict_drift_drifted_feature_share"));
        Assert.False(File.Exists(ClickPredict.Monitoring.DriftLog.PathOf(fixture.Lake.Features.Lake)));
    }
}
