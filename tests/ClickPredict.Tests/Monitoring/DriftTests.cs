using ClickPredict.Features;
using ClickPredict.Monitoring;
using ClickPredict.Registry;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Monitoring;

public class DriftTests(DriftLakes lakes) : IClassFixture<DriftLakes>
{
    private static readonly string[] PriceFeatures = ["prefix_view_price_mean", "prefix_view_price_max", "prefix_cart_value", "user_prev_spend"];

    private const string RelativePrice = "last_price_vs_category";

    [Fact]
    public void The_training_window_against_itself_shows_no_drift_at_all()
    {
        var train = lakes.Card.Data.Train;

        var report = DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest { CurrentFrom = train.From, CurrentTo = train.To });

        Assert.Equal(DriftStatus.None, report.Verdict);
        Assert.Equal(FeatureCatalog.Count, report.Features.Count);
        Assert.All(report.Features, f => Assert.Equal((DriftStatus.None, 0.0, 0.0), (f.Status, f.Psi, f.Distance)));
        Assert.Equal(train.Examples, report.Reference.Rows);
        Assert.Equal(report.Reference.Rows, report.Current.Rows);
        Assert.Equal(0.0, report.ScorePsi);
        Assert.Equal("wasserstein", report.Score!.Method);
        Assert.Empty(report.Notes);
    }

    [Fact]
    public void Prices_times_one_and_a_half_drift_the_price_features_and_nothing_else()
    {
        var same = DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest { CurrentFiles = lakes.TrainWindowFile(lakes.Normal, "same.parquet") });
        var pricier = DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest { CurrentFiles = lakes.TrainWindowFile(lakes.Pricier, "pricier.parquet") });

        Assert.Equal(DriftStatus.None, same.Verdict);
        Assert.Equal(0.0, same.ScorePsi);
        Assert.Equal(same.Reference.Rows, pricier.Current.Rows);
        var flagged = pricier.Features.Where(f => f.Status != DriftStatus.None).Select(f => f.Feature).ToList();
        Assert.Subset(PriceFeatures.ToHashSet(), flagged.ToHashSet());
        Assert.Equal(DriftStatus.Drift, pricier.Features.Single(f => f.Feature == "prefix_view_price_mean").Status);
        Assert.Equal(DriftStatus.Drift, pricier.Features.Single(f => f.Feature == "prefix_view_price_max").Status);
        Assert.All(pricier.Features.Where(f => !PriceFeatures.Contains(f.Feature) && f.Feature != RelativePrice), f => Assert.Equal(0.0, f.Psi));
        // A price against its category's typical price does not care about the currency: only the
        // rounding of the scaled prices to the cent moves it.
        var relative = pricier.Features.Single(f => f.Feature == RelativePrice);
        Assert.Equal(DriftStatus.None, relative.Status);
        Assert.InRange(relative.Psi, 0.0, 1e-4);
        Assert.NotNull(pricier.Score);
        Assert.Equal(pricier.Features.Count(f => f.Status == DriftStatus.Drift) / (double)FeatureCatalog.Count, pricier.DriftedFeatureShare);
    }

    [Fact]
    public void A_prediction_log_keeps_the_probability_the_model_answered_with_and_rescores_only_other_models_rows()
    {
        var window = lakes.TrainWindowFile(lakes.Normal, "same-for-log.parquet");
        var log = Path.Combine(lakes.Normal.Folder, "logged-predictions.parquet");
        using (var db = DuckDb.Open(lakes.Normal.Lake.Spill))
        {
            // Every logged probability is 0.999: the model's own rows keep it, so its scores look shifted;
            // odd rows were answered by version 99 and get the model's real scores.
            db.Execute(
                $"COPY (SELECT *, $name AS model_name, CASE WHEN row_number() OVER () % 2 = 0 THEN $version ELSE 99 END AS model_version, 0.999 AS probability FROM read_parquet($window)) TO {DuckDb.Literal(log)} (FORMAT parquet)",
                ("name", lakes.Card.Name), ("version", lakes.Card.Version), ("window", window));
        }

        var report = DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest { CurrentFiles = log });

        var others = report.Current.Rows - (report.Current.Rows / 2);
        Assert.Contains($"{others:N0} of {report.Current.Rows:N0} logged rows were answered by another model; {lakes.Card.Name} v{lakes.Card.Version} scored them again.", report.Notes);
        Assert.Equal(DriftStatus.Drift, report.Score!.Status);
        Assert.All(report.Features, f => Assert.Equal(0.0, f.Psi));
    }

    [Fact]
    public void Logged_rows_with_a_probability_outside_0_to_1_are_skipped_and_counted()
    {
        var window = lakes.TrainWindowFile(lakes.Normal, "same-for-bad-log.parquet");
        var log = Path.Combine(lakes.Normal.Folder, "logged-bad-predictions.parquet");
        using (var db = DuckDb.Open(lakes.Normal.Lake.Spill))
        {
            // Every third row was logged with NaN, +Infinity or 1.5 by an API that did not yet refuse them.
            db.Execute(
                $"COPY (SELECT *, $name AS model_name, $version AS model_version, CASE row_number() OVER () % 6 WHEN 0 THEN 'NaN'::DOUBLE WHEN 3 THEN 'Infinity'::DOUBLE WHEN 1 THEN 1.5 ELSE 0.2 END AS probability FROM read_parquet($window)) TO {DuckDb.Literal(log)} (FORMAT parquet)",
                ("name", lakes.Card.Name), ("version", lakes.Card.Version), ("window", window));
        }

        var total = DuckDbRows(window);
        var report = DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest { CurrentFiles = log });

        var bad = (total / 6) + ((total + 3) / 6) + ((total + 5) / 6);
        Assert.Equal(total - bad, report.Current.Rows);
        Assert.Contains($"Skipped {bad:N0} logged rows whose probability is not a number in [0, 1].", report.Notes);
        Assert.True(double.IsFinite(report.ScorePsi!.Value));
    }

    /// <summary>
    /// A log read whole mixes old traffic with today's: here its first half (logged in January, prices
    /// × 1.5) moves the price features and its second (March, as in training) does not. From a window's start, only the
    /// rows logged since are compared; a window with none is explained.
    /// </summary>
    [Fact]
    public void With_a_window_start_only_the_rows_logged_since_are_compared()
    {
        var log = Path.Combine(lakes.Normal.Folder, "logged-two-months.parquet");
        using (var db = DuckDb.Open(lakes.Normal.Lake.Spill))
        {
            db.Execute(
                $"""
                COPY (SELECT *, TIMESTAMPTZ '2024-01-10 12:00:00+00' AS logged_at, $name AS model_name, $version AS model_version, 0.2 AS probability FROM read_parquet($old)
                      UNION ALL BY NAME
                      SELECT *, TIMESTAMPTZ '2024-03-10 12:00:00+00' AS logged_at, $name AS model_name, $version AS model_version, 0.2 AS probability FROM read_parquet($new))
                TO {DuckDb.Literal(log)} (FORMAT parquet)
                """,
                ("name", lakes.Card.Name), ("version", lakes.Card.Version),
                ("old", lakes.TrainWindowFile(lakes.Pricier, "old-pricier.parquet")), ("new", lakes.TrainWindowFile(lakes.Normal, "new-same.parquet")));
        }

        var whole = DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest { CurrentFiles = log });
        var since = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var recent = DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest { CurrentFiles = log, CurrentFrom = since });
        var none = Assert.Throws<MonitoringException>(() =>
            DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest { CurrentFiles = log, CurrentFrom = new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc) }));

        // Half the whole log is priced × 1.5: its price features move (warn or drift), the window's do not.
        Assert.Contains(whole.Features, f => f.Status != DriftStatus.None && f.Psi > 0);
        Assert.Equal(DuckDbRows(lakes.TrainWindowFile(lakes.Normal, "new-same.parquet")), recent.Current.Rows);
        Assert.Equal(since, recent.Current.From);
        Assert.All(recent.Features, f => Assert.Equal(0.0, f.Psi));
        Assert.Contains("holds no rows logged from 2024-04-01 00:00 on", none.Message, StringComparison.Ordinal);
    }

    private long DuckDbRows(string file)
    {
        using var db = DuckDb.Open(lakes.Normal.Lake.Spill);
        return db.Scalar<long>("SELECT count(*) FROM read_parquet($file)", ("file", file));
    }

    [Fact]
    public void The_default_current_window_starts_after_the_test_window_and_an_empty_one_is_explained()
    {
        var e = Assert.Throws<MonitoringException>(() => DriftMonitor.Run(lakes.Normal.Lake, lakes.Registry, new DriftRequest()));

        Assert.Contains("after clickpredict v1's test window", e.Message, StringComparison.Ordinal);
        Assert.Contains("--current-from or --current", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_trained_on_another_feature_set_is_refused_with_both_versions_named()
    {
        var registry = new ModelRegistry(Path.Combine(lakes.Normal.Folder, "models-" + Guid.NewGuid().ToString("N")));
        CopyFolder(lakes.Registry.ModelFolder("clickpredict"), registry.ModelFolder("clickpredict"));
        registry.UpdateCard(registry.Card("clickpredict", 1) with { FeatureSetVersion = "fs-older" });

        var e = Assert.Throws<MonitoringException>(() => DriftMonitor.Run(lakes.Normal.Lake, registry, new DriftRequest()));

        Assert.Contains($"built with feature set {FeatureSetVersion.Current}, but clickpredict v1 was trained on fs-older", e.Message, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
