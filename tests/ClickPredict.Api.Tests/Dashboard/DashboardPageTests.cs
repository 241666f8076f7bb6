using ClickPredict.Api.Dashboard;
using ClickPredict.Api.Serving;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Events.Quality;
using ClickPredict.Monitoring;
using ClickPredict.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ClickPredict.Api.Tests.Dashboard;

/// <summary>The page rendered from a view directly: the cases the served fixture does not reach.</summary>
[Collection(ServedLakeCollection.Name)]
public class DashboardPageTests(ServedLakeFixture fixture)
{
    [Fact]
    public void Without_a_challenger_the_comparison_says_so()
    {
        var view = View() is var v ? v with { State = v.State! with { Challenger = null } } : null!;

        var html = DashboardPage.Render(view);

        Assert.Contains("No challenger:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"comparison\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_and_ingest_results_fill_their_tables_and_every_text_is_escaped()
    {
        var drift = new DriftReport
        {
            Model = "clickpredict@1", FeatureSetVersion = "fs-test", ComputedAt = DateTimeOffset.UtcNow,
            Reference = new DriftWindow("test window", null, null, 500), Current = new DriftWindow("today", null, null, 400),
            Features = [new FeatureDrift("views<script>", "wasserstein", 0.31, 0.12, null, DriftStatus.Drift, 1, 2, 500, 400)],
            DriftedFeatures = 1, DriftedFeatureShare = 0.25, Verdict = DriftStatus.Drift, Thresholds = new DriftThresholds(), Notes = [],
        };
        var ingest = new IngestQuality
        {
            IngestId = "i1", At = DateTimeOffset.UtcNow, Source = "shop & \"co\"", Status = "committed", FilesRead = 1,
            Rows = new RowCounts(1000, 990, 0, new Dictionary<string, long> { ["bad_price"] = 10 }), QuarantineRate = 0.01, DuplicateRate = 0.01,
            NullRates = new Dictionary<string, double>(), EventTypes = new Dictionary<string, long>(), RowCountChange = -0.6,
            Thresholds = new QualityThresholds(), Alerts = [new QualityAlert("row_count", "shop", -0.6, 0.5, "row count fell 60%")],
        };
        var monitoring = new MonitoringSnapshot(drift, [ingest]);

        var html = DashboardPage.Render(View() with { Monitoring = monitoring });

        Assert.Contains("<td>views&lt;script&gt;</td><td>0.310</td><td>wasserstein</td><td>0.120</td><td>yes</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>shop &amp; &quot;co&quot;</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>1,000</td><td>990</td><td>10</td>", html, StringComparison.Ordinal);
        Assert.Contains("drift: 25", html, StringComparison.Ordinal);
        Assert.Contains("<td>row count fell 60%</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Not computed yet", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_model_loaded_the_page_still_renders_and_says_why()
    {
        var html = DashboardPage.Render(View() with { State = null });

        Assert.Contains("No model is loaded", html, StringComparison.Ordinal);
        Assert.Contains("id=\"live-traffic\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"model-card\"", html, StringComparison.Ordinal);
    }

    private DashboardView View()
    {
        var services = fixture.App.Services;
        return DashboardEndpoints.View(new DashboardServices(
            services.GetRequiredService<ModelHost>(), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.ServingOptions>>(),
            services.GetRequiredService<LiveTraffic>(), services.GetRequiredService<DecisionMix>(), services.GetRequiredService<LoggedScores>(),
            services.GetRequiredService<ReferenceScores>(), services.GetRequiredService<ScoreChart>(), services.GetRequiredService<MonitoringPanels>(), TimeProvider.System));
    }
}
