using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests.Dashboard;

/// <summary>The dashboard and Swagger UI in a real browser on a real Kestrel port; screenshots land in artifacts/screenshots/.</summary>
[Collection(ServedLakeCollection.Name)]
public class BrowserTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task The_dashboard_shows_every_section_with_its_charts_and_no_console_errors_in_chromium()
    {
        using var app = fixture.With();
        var address = app.Listen();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        for (var i = 0; i < 12; i++)
        {
            await http.Predict(Requests.Browsing($"browser-{i}", events: 2 + (i % 5), cart: i % 3 == 0), alias: i % 4 == 0 ? "challenger" : null);
        }

        await DashboardTests.WaitForPage(http, "9 scores by champion", "test window (");
        await using var chromium = await HeadlessChromium.StartAsync();

        var visit = await chromium.VisitAsync(address + "/dashboard", Screenshot("dashboard.png"),
        [
            "#model-card #card", "#model-card #card-metrics", "#champion-plots img[src$='pr_curve.png']", "#champion-plots img[src$='calibration.png']",
            "#champion-vs-challenger #comparison", "#live-traffic #traffic", "#live-traffic #decisions", "#score-chart svg",
            "#drift .placeholder", "#ingests table", "meta[http-equiv='refresh']",
        ]);

        Assert.Empty(visit.Errors);
        Assert.All(visit.Found, f => Assert.True(f.Value, $"{f.Key} is missing from the dashboard"));
        Assert.True(File.Exists(Screenshot("dashboard.png")));
        Assert.True(new FileInfo(Screenshot("dashboard.png")).Length > 20_000, "the screenshot is too small to show the page");
    }

    [Fact]
    public async Task Swagger_ui_renders_the_endpoints_with_no_console_errors_in_chromium()
    {
        using var app = fixture.With();
        var address = app.Listen();
        await using var chromium = await HeadlessChromium.StartAsync();

        var visit = await chromium.VisitAsync(address + "/swagger/index.html", Screenshot("swagger.png"),
            ["#swagger-ui", ".opblock-summary-path[data-path='/v1/predictions']", ".opblock-tag[data-tag='Models']"]);

        Assert.Empty(visit.Errors);
        Assert.All(visit.Found, f => Assert.True(f.Value, $"{f.Key} is missing from Swagger UI"));
        Assert.True(File.Exists(Screenshot("swagger.png")));
    }

    [Fact]
    public async Task A_page_with_a_script_error_or_a_broken_image_is_caught()
    {
        var page = Path.Combine(Path.GetTempPath(), $"clickpredict-broken-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head><body><p id=\"here\">x</p>" +
            "<img src=\"missing-plot.png\"><script>console.error('boom'); undefinedFunction();</script></body></html>");
        try
        {
            await using var chromium = await HeadlessChromium.StartAsync();

            var visit = await chromium.VisitAsync(new Uri(page).AbsoluteUri, Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.png"), ["#here", "#not-here"]);

            Assert.Contains(visit.Errors, e => e.Contains("boom", StringComparison.Ordinal));
            Assert.Contains(visit.Errors, e => e.Contains("undefinedFunction", StringComparison.Ordinal));
            Assert.Contains(visit.Errors, e => e.Contains("missing-plot.png", StringComparison.Ordinal));
            Assert.Equal([true, false], [visit.Found["#here"], visit.Found["#not-here"]]);
        }
        finally
        {
            File.Delete(page);
        }
    }

    /// <summary>artifacts/screenshots/ under the repository root, where CI keeps what the tests leave behind.</summary>
    private static string Screenshot(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ClickPredict.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots", name);
    }
}
