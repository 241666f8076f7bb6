using System.Globalization;
using ClickPredict.Mlflow;
using ClickPredict.Mlflow.Publishing;
using ClickPredict.Registry;
using ClickPredict.Training;

namespace ClickPredict.Tracking;

/// <summary>
/// What one <c>clickpredict train</c> logs to MLflow: a parent run (data fingerprint, feature set, git
/// commit, test metrics of the model and the baseline, the leaderboard, the model and its report),
/// one child run per trainer × strategy (its parameters, validation metrics and threshold), and a
/// model version registered under the model's name with the alias the local registry gave it.
/// </summary>
internal static class TrainingRunLog
{
    public const string DefaultExperiment = "clickpredict";
    public const string ModelArtifactPath = "model";

    public static TrainingRunRecord Build(RegistrationResult registered, TrainingResult result, TrainOptions options, string experiment, DateTimeOffset finishedAt)
    {
        var card = registered.Card;
        var key = string.Create(CultureInfo.InvariantCulture, $"{card.Name}.v{card.Version}.{card.CreatedAt.UtcDateTime:yyyyMMddTHHmmssfff}");
        var start = card.CreatedAt.ToUnixTimeMilliseconds() - (long)result.Timings.Sum(t => t.Elapsed.TotalMilliseconds);
        var end = finishedAt.ToUnixTimeMilliseconds();
        var parentParams = new Dictionary<string, string>
        {
            ["data_fingerprint"] = card.Data.Fingerprint,
            ["gold_build_id"] = card.Data.GoldBuildId,
            ["feature_set_version"] = card.FeatureSetVersion,
            ["feature_count"] = I(card.Features.Count),
            ["seed"] = I(card.Seed),
            ["objective"] = card.Threshold.Description,
            ["split"] = Split(options.Split),
            ["candidates"] = I(result.Leaderboard.Count),
            ["chosen"] = card.Candidate,
            ["baseline"] = card.Baseline.Candidate,
        };
        var tags = new Dictionary<string, string>
        {
            ["clickpredict.model"] = card.Name,
            ["clickpredict.version"] = I(card.Version),
            ["clickpredict.alias"] = registered.Alias,
            ["clickpredict.alias_reason"] = registered.Reason,
        };
        if (card.GitCommit is { } commit)
        {
            tags["mlflow.source.git.commit"] = commit;
        }

        var folder = registered.Folder;
        var parent = new RunRecord
        {
            Key = key,
            Name = $"{card.Name} v{card.Version}",
            StartTime = start,
            EndTime = end,
            Params = parentParams,
            Tags = tags,
            Metrics = [.. Metrics("test_", card.Test, card.Threshold.Objective, card.Threshold.TestObjectiveValue, end),
                .. Metrics("baseline_test_", card.Baseline.Test, card.Threshold.Objective, card.Baseline.TestObjectiveValue, end),
                new Metric("threshold", card.Threshold.Value, end)],
            Artifacts =
            [
                new(Path.Combine(folder, Registry.ModelRegistration.LeaderboardFile), Registry.ModelRegistration.LeaderboardFile),
                new(Path.Combine(folder, ModelRegistry.ModelFile), $"{ModelArtifactPath}/{ModelRegistry.ModelFile}"),
                new(Path.Combine(folder, ModelRegistry.CardFile), $"{ModelArtifactPath}/{ModelRegistry.CardFile}"),
                .. new[] { TrainingReport.Markdown, TrainingReport.Html }.Concat(ReportPlots.Files).Select(f => new ArtifactUpload(Path.Combine(folder, f), $"report/{f}")),
            ],
        };
        var children = result.Leaderboard.Select(e => new RunRecord
        {
            Key = $"{key}.{e.Candidate.Replace('/', '-')}",
            Name = e.Candidate,
            StartTime = start,
            EndTime = end,
            Params = new Dictionary<string, string>(e.HyperParameters) { ["trainer"] = e.Trainer, ["strategy"] = e.Strategy },
            Tags = new Dictionary<string, string> { ["clickpredict.rank"] = I(e.Rank) },
            Metrics =
            [
                new("valid_pr_auc", e.ValidationPrAuc, end), new("valid_roc_auc", e.ValidationRocAuc, end), new("valid_brier", e.ValidationBrier, end),
                new("threshold", e.Threshold, end), new($"valid_{card.Threshold.Objective}", e.ValidationObjective, end),
                new("training_examples", e.TrainingExamples, end), new("fit_seconds", e.TrainSeconds, end),
            ],
        });
        return new TrainingRunRecord
        {
            ExperimentName = experiment,
            Parent = parent,
            Children = [.. children],
            Model = new Mlflow.Publishing.ModelRegistration(card.Name, key, ModelArtifactPath, registered.Alias,
                $"{card.Candidate}, test PR-AUC {card.Test.PrAuc.ToString("F4", CultureInfo.InvariantCulture)} (local registry v{card.Version})"),
        };
    }

    private static IEnumerable<Metric> Metrics(string prefix, BinaryMetrics m, string objective, double objectiveValue, long at)
    {
        yield return new($"{prefix}pr_auc", m.PrAuc, at);
        yield return new($"{prefix}roc_auc", m.RocAuc, at);
        yield return new($"{prefix}brier", m.Brier, at);
        yield return new($"{prefix}precision", m.AtThreshold.Precision, at);
        yield return new($"{prefix}recall", m.AtThreshold.Recall, at);
        yield return new($"{prefix}f1", m.AtThreshold.F1, at);
        yield return new($"{prefix}{objective}_objective", objectiveValue, at);
        yield return new($"{prefix}base_rate", m.BaseRate, at);
        yield return new($"{prefix}examples", m.Examples, at);
        foreach (var top in m.Top)
        {
            var share = I((int)Math.Round(top.Share * 100));
            yield return new($"{prefix}precision_top_{share}pct", top.Precision, at);
            yield return new($"{prefix}lift_top_{share}pct", top.Lift, at);
        }
    }

    private static string Split(SplitOptions split) => split.ValidationFrom is { } v && split.TestFrom is { } t
        ? string.Create(CultureInfo.InvariantCulture, $"validation from {v:O}, test from {t:O}")
        : string.Create(CultureInfo.InvariantCulture, $"fractions {split.TrainFraction}/{split.ValidationFraction}/{1 - split.TrainFraction - split.ValidationFraction} of sessions");

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
