using System.Text.Json;
using ClickPredict.Features;
using ClickPredict.Registry;
using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Tests.Registry;

public class TrainingRunTests(TrainedLake lake) : IClassFixture<TrainedLake>
{
    [Fact]
    public void Same_data_and_seed_give_the_same_leaderboard_and_test_metrics()
    {
        var first = lake.Train(TrainedLake.Options());
        var second = lake.Train(TrainedLake.Options());

        // Ten candidates, then the search's four trials of the best boosted one.
        Assert.Equal(14, first.Leaderboard.Count);
        Assert.Equal(4, first.Leaderboard.Count(e => e.Candidate.Contains(":trial", StringComparison.Ordinal)));
        Assert.Equal(first.Leaderboard.Select(e => JsonSerializer.Serialize(e with { TrainSeconds = 0 })), second.Leaderboard.Select(e => JsonSerializer.Serialize(e with { TrainSeconds = 0 })));
        Assert.Equal(Json(first.Chosen.Test), Json(second.Chosen.Test));
        Assert.Equal(first.DataFingerprint, second.DataFingerprint);
    }

    [Fact]
    public void A_different_seed_changes_the_sampled_candidates()
    {
        var options = TrainedLake.Options("lightgbm/undersample");
        var first = lake.Train(options);
        var other = lake.Train(options with { Seed = 7 });

        Assert.NotEqual(first.Leaderboard[0].ValidationPrAuc, other.Leaderboard[0].ValidationPrAuc);
    }

    [Fact]
    public void The_leaderboard_ranks_on_validation_pr_auc_and_the_model_beats_the_base_rate()
    {
        var result = lake.Train(TrainedLake.Options());

        Assert.Equal(result.Leaderboard.Select(e => e.ValidationPrAuc).OrderDescending(), result.Leaderboard.Select(e => e.ValidationPrAuc));
        var chosen = Assert.Single(result.Leaderboard, e => e.Chosen);
        Assert.StartsWith(result.Chosen.Model.Trained.Candidate.Name, chosen.Candidate, StringComparison.Ordinal);
        // The chosen one is the best or within its noise, and no candidate within the noise is simpler.
        Assert.True(chosen.Rank == 1 || chosen.WithinNoiseOfBest);
        Assert.DoesNotContain(result.Leaderboard, e => e.WithinNoiseOfBest && e.Trainer == "logistic-regression" && chosen.Trainer != "logistic-regression");
        Assert.Equal("logistic-regression", Candidate.TrainerName(result.Baseline.Model.Trained.Candidate.Trainer));
        Assert.True(result.Chosen.Test.PrAuc > 2 * result.Chosen.Test.BaseRate, $"PR-AUC {result.Chosen.Test.PrAuc:F3}, base rate {result.Chosen.Test.BaseRate:F3}");
        // The threshold came from validation: the test metrics are read at exactly it.
        Assert.Equal(result.Chosen.Model.Threshold.Threshold, result.Chosen.Test.AtThreshold.Threshold);
        Assert.Equal(result.Split.Test.Examples.Count, result.Chosen.Test.Examples);
    }

    [Fact]
    public void The_registered_version_holds_a_complete_card_report_and_plots()
    {
        var registry = lake.NewRegistry();
        var options = TrainedLake.Options("lightgbm/class-weights", "logistic-regression/none");

        var registered = ModelRegistration.Register(registry, lake.Train(options), options, "abc123");

        var card = registry.Card(TrainOptions.DefaultModelName, 1);
        Assert.Equal((1, "abc123", 42), (card.Version, card.GitCommit, card.Seed));
        Assert.Equal(FeatureSetVersion.Current, card.FeatureSetVersion);
        Assert.Equal(FeatureCatalog.Names, card.Features);
        Assert.Equal(card.Features.Count, card.FeatureImportance.Count);
        Assert.Equal(1, card.FeatureImportance.Sum(f => f.Share), 6);
        Assert.StartsWith("xxh128:", card.Data.Fingerprint, StringComparison.Ordinal);
        Assert.Equal("42", card.HyperParameters["seed"]);
        Assert.Equal(card.Trainer == "lightgbm" ? "40" : null, card.HyperParameters.GetValueOrDefault("iterations"));
        Assert.Equal("f1", card.Threshold.Objective);
        Assert.Equal("logistic-regression/none", card.Baseline.Candidate);
        foreach (var file in new[] { ModelRegistry.ModelFile, TrainingReport.Markdown, TrainingReport.Html, ModelRegistration.LeaderboardFile }.Concat(ReportPlots.Files))
        {
            Assert.True(new FileInfo(Path.Combine(registered.Folder, file)).Length > 1_000 || file == ModelRegistration.LeaderboardFile, $"{file} is missing or tiny");
        }

        var html = File.ReadAllText(Path.Combine(registered.Folder, TrainingReport.Html));
        Assert.Equal(4, html.Split("data:image/png;base64,").Length - 1);
        Assert.Contains($"baseline {card.Baseline.Candidate}", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_saved_model_scores_exactly_as_the_trained_one()
    {
        var registry = lake.NewRegistry();
        var options = TrainedLake.Options("lightgbm/undersample");
        var result = lake.Train(options);
        ModelRegistration.Register(registry, result, options);
        var ml = new MLContext(0);

        var loaded = RegisteredModel.Load(ml, registry, TrainOptions.DefaultModelName, 1).Score(result.Split.Test.Examples);
        var inMemory = BatchScorer.Score(result.Chosen.Model.Trained.Model, result.Chosen.Model.Trained.Correction, result.Split.Test.Examples);

        Assert.Equal(inMemory, loaded);
        Assert.True(registry.Card(TrainOptions.DefaultModelName, 1).ScoreCorrectionPositiveWeight > 1);
    }

    [Fact]
    public void Evaluate_repeats_the_registered_test_metrics_on_the_same_gold()
    {
        var registry = lake.NewRegistry();
        var options = TrainedLake.Options("lightgbm/none", "logistic-regression/none");
        ModelRegistration.Register(registry, lake.Train(options), options);

        var evaluation = ModelEvaluator.Evaluate(lake.Features.Lake, registry, TrainOptions.DefaultModelName, 1);

        Assert.True(evaluation.SameData);
        Assert.Equal(Json(evaluation.Card.Test), Json(evaluation.Test));
    }

    private static string Json(BinaryMetrics metrics) => JsonSerializer.Serialize(metrics);
}
