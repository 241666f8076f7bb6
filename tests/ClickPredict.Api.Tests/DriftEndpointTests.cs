using System.Net;
using System.Text.Json;
using ClickPredict.Api.PredictionLog;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Features;
using ClickPredict.Monitoring;
using ClickPredict.Storage;
using ClickPredict.Tests.Features;
using ClickPredict.Tests.Monitoring;

namespace ClickPredict.Api.Tests;

/// <summary>
/// Drift through the API over the drift lakes: the champion is trained on the normal lake, and the
/// prediction log, written by the API's own log writer, holds the training window of the lake whose
/// prices are × 1.5 (the same sessions otherwise).
/// </summary>
public class DriftEndpointTests(DriftLakes lakes) : IClassFixture<DriftLakes>
{
    private static readonly string[] PriceFeatures = ["prefix_view_price_mean", "prefix_view_price_max", "prefix_cart_value", "user_prev_spend"];

    private const string RelativePrice = "last_price_vs_category";

    [Fact]
    public async Task The_background_run_finds_the_price_shift_in_the_logged_window_saves_it_and_sets_the_gauges()
    {
        var log = Path.Combine(lakes.Normal.Folder, "predictions-" + Guid.NewGuid().ToString("N")[..8]);
        var logged = await WriteLog(lakes.Pricier, log);
        using var app = new ApiApp(lakes.Registry.Root, lakes.Normal.Lake.Root, log,
            new() { ["Drift:Interval"] = "01:00:00", ["Drift:FirstRunAfter"] = "00:00:00" });
        var client = app.CreateClient();

        var report = await WaitForReport(client);

        Assert.Equal("clickpredict@1", report.GetProperty("model").GetString());
        Assert.Equal(logged, report.GetProperty("current").GetProperty("rows").GetInt64());
        // The current window is Drift:Window (7 days by default) back from the run, not the whole log.
        var windowAge = DateTimeOffset.UtcNow - report.GetProperty("current").GetProperty("from").GetDateTimeOffset();
        Assert.InRange(windowAge, TimeSpan.FromDays(7), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));
        Assert.Equal(lakes.Card.Data.Train.Examples, report.GetProperty("reference").GetProperty("rows").GetInt64());
        var features = report.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("feature").GetString()!);
        Assert.Equal(FeatureCatalog.Count, features.Count);
        Assert.Equal("drift", features["prefix_view_price_mean"].GetProperty("status").GetString());
        Assert.Equal("drift", features["prefix_view_price_max"].GetProperty("status").GetString());
        Assert.All(features.Values.Where(f => !PriceFeatures.Contains(f.GetProperty("feature").GetString()) && f.GetProperty("feature").GetString() != RelativePrice),
            f => Assert.Equal(0.0, f.GetProperty("psi").GetDouble()));
        Assert.Equal("none", features[RelativePrice].GetProperty("status").GetString());   // scale-free: only rounding to the cent moves it
        var drifted = features.Values.Count(f => f.GetProperty("status").GetString() == "drift");
        Assert.Equal(drifted, report.GetProperty("driftedFeatures").GetInt32());
        Assert.Equal((double)drifted / FeatureCatalog.Count, report.GetProperty("driftedFeatureShare").GetDouble());
        Assert.Equal("warn", report.GetProperty("verdict").GetString());
        var scorePsi = report.GetProperty("scorePsi").GetDouble();
        Assert.True(scorePsi > 0, $"score PSI {scorePsi}");
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString() == $"{logged:N0} of {logged:N0} logged rows were answered by another model; clickpredict v1 scored them again.");

        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(ClickPredict.Monitoring.DriftLog.PathOf(lakes.Normal.Lake))).RootElement;
        Assert.Equal(report.GetProperty("computedAt").GetString(), saved.GetProperty("computedAt").GetString());
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Equal((double)drifted / FeatureCatalog.Count, Metric(metrics, "clickpredict_drift_drifted_feature_share"), 12);
        Assert.Equal(scorePsi, Metric(metrics, "clickpredict_drift_score_psi"), 12);
        Assert.Equal(features["prefix_view_price_mean"].GetProperty("psi").GetDouble(), Scrape.Parse(metrics).Value("clickpredict_drift_feature_psi", ("feature", "prefix_view_price_mean")), 12);
        Assert.Equal(0.0, Scrape.Parse(metrics).Value("clickpredict_drift_feature_psi", ("feature", "prefix_events")));
    }

    [Fact]
    public async Task A_newer_report_saved_by_the_cli_is_served_and_becomes_the_gauges()
    {
        using var lake = new TempFolder();
        var saved = new DriftReport
        {
            Model = "clickpredict@7",
            FeatureSetVersion = FeatureSetVersion.Current,
            ComputedAt = DateTimeOffset.UtcNow,
            Reference = new DriftWindow("clickpredict v7's training window (gold)", new DateTime(2024, 1, 1), new DateTime(2024, 2, 1), 1_000),
            Current = new DriftWindow("files x.parquet", null, null, 500),
            Features = [new FeatureDrift("prefix_events", "wasserstein", 0.4, 0.3, null, DriftStatus.Drift, 3, 5, 1_000, 500)],
            Score = new FeatureDrift("score", "wasserstein", 0.02, 0.01, null, DriftStatus.None, 0.1, 0.1, 1_000, 500),
            DriftedFeatures = 1,
            DriftedFeatureShare = 1,
            Verdict = DriftStatus.Drift,
            Thresholds = new DriftThresholds(),
            Notes = [],
        };
        ClickPredict.Monitoring.DriftLog.Write(new Lake(lake.Path), saved);
        using var app = new ApiApp(lakes.Registry.Root, lake.Path, Path.Combine(lake.Path, "predictions"));
        var client = app.CreateClient();

        var report = JsonDocument.Parse(await client.GetStringAsync("/v1/monitoring/drift")).RootElement;
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal("clickpredict@7", report.GetProperty("model").GetString());
        Assert.Equal(0.02, report.GetProperty("scorePsi").GetDouble());
        Assert.Equal(1.0, Metric(metrics, "clickpredict_drift_drifted_feature_share"));
        Assert.Equal(0.02, Metric(metrics, "clickpredict_drift_score_psi"));
        Assert.Equal(2.0, Metric(metrics, "clickpredict_drift_verdict"));
        Assert.Equal(saved.ComputedAt.ToUnixTimeMilliseconds() / 1000.0, Metric(metrics, "clickpredict_drift_computed_timestamp_seconds"), 3);
    }

    private static async Task<JsonElement> WaitForReport(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await client.GetAsync("/v1/monitoring/drift");
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(text).RootElement;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no drift report after 90 s: {text}");
            await Task.Delay(250);
        }
    }

    /// <summary>Writes the lake's examples in the champion's training window as one finished prediction-log file; returns the rows.</summary>
    private async Task<int> WriteLog(FeatureLake lake, string folder)
    {
        var train = lakes.Card.Data.Train;
        var columns = string.Join(", ", FeatureCatalog.Names.Select(n => $"CAST({DuckDb.Identifier(n)} AS DOUBLE)"));
        var rows = new List<PredictionRecord>();
        using (var db = DuckDb.Open(lake.Lake.Spill))
        using (var reader = db.Query($"SELECT {columns} FROM read_parquet($files) WHERE session_start >= $from AND session_start < $to",
            ("files", lake.Gold.ExamplesPaths(lake.Lake).ToArray()), ("from", train.From), ("to", train.To)))
        {
            while (reader.Read())
            {
                var features = new double[FeatureCatalog.Count];
                for (var f = 0; f < features.Length; f++)
                {
                    features[f] = reader.IsDBNull(f) ? double.NaN : reader.GetDouble(f);
                }

                // Logged as answered by version 2 (a challenger): the champion scores these rows itself.
                rows.Add(new PredictionRecord(DateTimeOffset.UtcNow, "u", 1, DateTime.UtcNow, "clickpredict", 2, "challenger", "test", 0.5, 0.5, true, features));
            }
        }

        var file = await PredictionLogFile.CreateAsync(folder, CancellationToken.None);
        await file.WriteAsync(rows, CancellationToken.None);
        await file.FinishAsync();
        return rows.Count;
    }

    /// <summary>The value of one unlabelled series.</summary>
    private static double Metric(string metrics, string name) => Scrape.Parse(metrics).Value(name);
}
