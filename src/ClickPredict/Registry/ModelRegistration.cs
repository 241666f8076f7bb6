using System.Globalization;
using ClickPredict.Storage;
using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Registry;

/// <summary>How a training run entered the registry: the new version's card and the alias it got, with the reason.</summary>
internal sealed record RegistrationResult(ModelCard Card, string Alias, string Reason, string Folder);

/// <summary>
/// Registers a training run's chosen model as a new version and applies the promotion rule: a version
/// whose test ROC-AUC interval does not clear 0.5 or whose test PR-AUC does not clear the base rate is
/// rejected (kept for inspection, never aliased); otherwise it becomes champion only if it beats the
/// current champion's PR-AUC on the same test window, else challenger.
/// </summary>
internal static class ModelRegistration
{
    public const string LeaderboardFile = "leaderboard.json";

    public static RegistrationResult Register(ModelRegistry registry, TrainingResult result, TrainOptions options, string? gitCommit = null)
    {
        var ml = new MLContext(options.Seed);
        ModelCard? card = null;
        var version = registry.Register(options.ModelName, (folder, v) =>
        {
            card = Card(options, result, v, gitCommit);
            card = card with { Rejected = Rejection(card.Test) };
            var model = result.Chosen.Model.Trained.Model;
            ml.Model.Save(model, ModelSchema.Input(result.Split.Test.Examples).Schema, Path.Combine(folder, ModelRegistry.ModelFile));
            JsonManifest.Write(Path.Combine(folder, LeaderboardFile), result.Leaderboard, ManifestJson.Default.IReadOnlyListLeaderboardEntry);
            TrainingReport.Write(folder, card, result);
            JsonManifest.Write(Path.Combine(folder, ModelRegistry.CardFile), card, ManifestJson.Default.ModelCard);
        });
        if (card!.Rejected is { } rejected)
        {
            return new RegistrationResult(card, ModelAliases.Rejected, rejected, registry.VersionFolder(options.ModelName, version));
        }

        var (alias, reason) = Decide(ml, registry, card, result);
        registry.SetAlias(options.ModelName, alias, version, reason, "train");
        return new RegistrationResult(card, alias, reason, registry.VersionFolder(options.ModelName, version));
    }

    /// <summary>Why a model with these test metrics must not serve, or null: it has to beat chance (the whole ROC-AUC interval above 0.5) and the base rate.</summary>
    public static string? Rejection(BinaryMetrics test)
    {
        var roc = test.RocAucInterval ?? new MetricInterval(test.RocAuc, test.RocAuc, 0);
        if (roc.Low <= 0.5)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"its test ROC-AUC {test.RocAuc:F3} (95 % interval {roc.Low:F3} to {roc.High:F3}) does not clear chance (0.5)");
        }

        return test.PrAuc <= test.BaseRate
            ? string.Create(CultureInfo.InvariantCulture, $"its test PR-AUC {test.PrAuc:F4} does not clear the base rate {test.BaseRate:F4}")
            : null;
    }

    private static (string Alias, string Reason) Decide(MLContext ml, ModelRegistry registry, ModelCard card, TrainingResult result)
    {
        var aliases = registry.Aliases(card.Name);
        if (aliases.ChampionVersion is not { } championVersion)
        {
            return (ModelAliases.Champion, "first model of this name: there was no champion");
        }

        var champion = registry.Card(card.Name, championVersion);
        if (champion.FeatureSetVersion != card.FeatureSetVersion)
        {
            return (ModelAliases.Challenger,
                $"champion v{championVersion} was trained on feature set {champion.FeatureSetVersion}, not {card.FeatureSetVersion}, so it cannot be scored " +
                "on this test window; compare the reports and promote by hand (`clickpredict models promote`) if this one should serve");
        }

        var test = result.Split.Test;
        var championScores = RegisteredModel.Load(ml, registry, card.Name, championVersion).Score(test.Examples);
        var championPrAuc = BinaryMetrics.AveragePrecision(new ScoredSet(championScores, test.Examples.Labels()));
        var window = $"the same test window ({test.From:yyyy-MM-dd HH:mm} to {test.To:yyyy-MM-dd HH:mm}, {test.Examples.Count:N0} examples)";
        return card.Test.PrAuc > championPrAuc
            ? (ModelAliases.Champion, string.Create(CultureInfo.InvariantCulture, $"test PR-AUC {card.Test.PrAuc:F4} beats champion v{championVersion}'s {championPrAuc:F4} on {window}"))
            : (ModelAliases.Challenger, string.Create(CultureInfo.InvariantCulture, $"test PR-AUC {card.Test.PrAuc:F4} does not beat champion v{championVersion}'s {championPrAuc:F4} on {window}"));
    }

    private static ModelCard Card(TrainOptions options, TrainingResult result, int version, string? gitCommit)
    {
        var chosen = result.Chosen.Model;
        var names = result.Split.Train.Examples.FeatureNames;
        return new ModelCard
        {
            Name = options.ModelName,
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            Trainer = Candidate.TrainerName(chosen.Trained.Candidate.Trainer),
            Strategy = Candidate.StrategyName(chosen.Trained.Candidate.Strategy),
            HyperParameters = chosen.Trained.HyperParameters,
            Seed = options.Seed,
            ScoreCorrectionPositiveWeight = chosen.Trained.Correction.PositiveWeight,
            Threshold = new ThresholdCard(chosen.Threshold.Threshold, options.Objective.Name, options.Objective.ToString(),
                options.Objective.ValuePerConversion, options.Objective.CostPerAction, chosen.Threshold.ObjectiveValue, result.Chosen.TestObjectiveValue),
            Validation = chosen.Validation,
            Test = result.Chosen.Test,
            Baseline = new BaselineCard(result.Baseline.Model.Trained.Candidate.Name, result.Baseline.Model.Threshold.Threshold,
                result.Baseline.Test, result.Baseline.TestObjectiveValue),
            FeatureSetVersion = result.Gold.FeatureSetVersion,
            Features = names,
            FeatureImportance = [.. names.Zip(chosen.Trained.FeatureImportance, (n, s) => new FeatureImportance(n, s)).OrderByDescending(f => f.Share)],
            Data = new TrainingData(result.Gold.BuildId, result.DataFingerprint, options.Split,
                result.Split.Train.Summary(), result.Split.Validation.Summary(), result.Split.Test.Summary()),
            GitCommit = gitCommit,
        };
    }
}
