using System.Net;
using System.Text.RegularExpressions;
using ClickPredict.Api.Dashboard;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests.Dashboard;

[Collection(ServedLakeCollection.Name)]
public partial class DashboardTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task The_page_shows_the_champion_card_the_challenger_the_ingests_and_a_placeholder_for_drift()
    {
        using var app = fixture.With();
        var client = app.CreateClient();

        using var response = await client.GetAsync("/dashboard");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^render;dur=\d+\.\d$", response.Headers.GetValues("Server-Timing").Single());
        Assert.Contains("<h2>Champion: clickpredict v1</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>lightgbm/class-weights</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>challenger v2</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>logistic-regression/none</td>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/dashboard/models/1/pr_curve.png\"", html, StringComparison.Ordinal);
        Assert.Contains("Not computed yet: run <code>clickpredict drift</code>", html, StringComparison.Ordinal);
        // The fixture's lake was ingested, so its quality record is listed (the source is the canonical preset).
        Assert.Contains("id=\"ingest-table\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>canonical</td>", html, StringComparison.Ordinal);
        Assert.Contains("No session scored yet.", html, StringComparison.Ordinal);
        Assert.Contains($"<meta http-equiv=\"refresh\" content=\"{DashboardPage.RefreshSeconds}\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)=""https?:", html);
    }

    [Fact]
    public async Task Traffic_decisions_and_todays_scores_follow_the_requests_served()
    {
        using var app = fixture.With();
        var client = app.CreateClient();
        var answers = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            answers.Add((await client.Predict(Requests.Browsing($"dash-{i}", events: 2 + i, cart: i % 2 == 0))).Decision);
        }

        await client.Predict(Requests.Browsing("dash-challenged"), alias: "challenger");
        await client.GetAsync("/health/ready");

        var html = await WaitForPage(client, "7 scores by champion v1 in 1 finished", "test window (");

        var traffic = TrafficRow().Match(html);
        Assert.True(traffic.Success, html);
        Assert.Equal("8", traffic.Groups["requests"].Value);
        Assert.Equal("0", traffic.Groups["errors"].Value);
        foreach (var decision in answers.Distinct())
        {
            Assert.Contains($"<td>champion</td><td>{decision}</td><td>{answers.Count(a => a == decision)}</td>", html, StringComparison.Ordinal);
        }

        Assert.Contains("<td>challenger</td>", html, StringComparison.Ordinal);
        var chart = html.IndexOf("<div id=\"score-chart\"", StringComparison.Ordinal);
        Assert.True(chart >= 0 && html[chart..].StartsWith("<div id=\"score-chart\" class=\"chart\"><svg ", StringComparison.Ordinal), html[Math.Max(0, chart)..][..200]);
    }

    [Fact]
    public async Task Plots_come_from_the_registry_and_nothing_else_does()
    {
        var client = fixture.App.CreateClient();

        using var plot = await client.GetAsync("/dashboard/models/1/calibration.png");
        var bytes = await plot.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, plot.StatusCode);
        Assert.Equal("image/png", plot.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(fixture.Lake.Registry.VersionFolder(ServedLake.ModelName, 1), "calibration.png")), bytes);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/models/1/model.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/models/1/..%2Fmodel.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/models/99/pr_curve.png")).StatusCode);
    }

    internal static async Task<string> WaitForPage(HttpClient client, params string[] expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var html = await client.GetStringAsync("/dashboard");
            if (expected.All(e => html.Contains(e, StringComparison.Ordinal)))
            {
                return html;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The dashboard never showed {string.Join(", ", expected.Where(e => !html.Contains(e, StringComparison.Ordinal)))}:\n{html}");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"<table id=""traffic"">.*?<tbody><tr><td>(?<requests>[\d,]+)</td>.*?<td>(?<errors>[\d,]+)</td></tr>", RegexOptions.Singleline)]
    private static partial Regex TrafficRow();
}
