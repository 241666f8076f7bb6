using ClickPredict.Mlflow.Publishing;

namespace ClickPredict.Mlflow.Tests.Publishing;

/// <summary>Builds training records shaped like a real training: a parent with artifacts, children with metrics, a model.</summary>
internal static class Records
{
    public static TrainingRunRecord Training(TempFolder temp, string key = "train-20261123-1", int children = 3, int metricsPerChild = 30,
        int artifacts = 5, string? alias = "champion")
    {
        var files = Enumerable.Range(0, artifacts)
            .Select(i => new ArtifactUpload(temp.File($"{key}/file{i}.txt", $"artifact {i} of {key}"), i == 0 ? "model/model.zip" : $"report/file{i}.txt"))
            .ToList();
        return new TrainingRunRecord
        {
            ExperimentName = "clickpredict",
            Parent = new RunRecord
            {
                Key = key,
                Name = "training",
                StartTime = 1_000,
                EndTime = 9_000,
                Params = new Dictionary<string, string> { ["data_fingerprint"] = "xxh128:ab12", ["feature_set"] = "fs-3f2a" },
                Tags = new Dictionary<string, string> { ["git_commit"] = "71db432" },
                Metrics = [new("best_pr_auc", 0.41, 8_000)],
                Artifacts = files,
            },
            Children = [.. Enumerable.Range(0, children).Select(c => new RunRecord
            {
                Key = $"{key}.child{c}",
                Name = $"lightgbm-{c}",
                StartTime = 1_000 + c,
                EndTime = 2_000 + c,
                Params = new Dictionary<string, string> { ["trainer"] = "lightgbm", ["strategy"] = $"s{c}", ["threshold"] = "0.37" },
                Metrics = [.. Enumerable.Range(0, metricsPerChild).Select(m => new Metric($"metric{m % 10}", c + m * 0.001, 3_000 + m, m / 10))],
            })],
            Model = new ModelRegistration("clickpredict-buyer", key, "model", alias),
        };
    }
}
