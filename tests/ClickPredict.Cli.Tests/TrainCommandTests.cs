using System.Text.Json.Nodes;
using ClickPredict.Mlflow.StandIn;

namespace ClickPredict.Cli.Tests;

/// <summary>
/// Training, the registry and MLflow logging through the real CLI. MLflow is the in-process stand-in
/// server (the documented REST contract on a real port), not MLflow: no MLflow server runs here.
/// </summary>
public class TrainCommandTests
{
    private const string Fast = "--iterations";

    [Fact]
    public void Demo_trains_a_champion_that_models_and_evaluate_can_see_and_promote_rejects_bad_requests()
    {
        using var temp = new TempFolder();

        var demo = CliProcess.Run(temp.Path, "demo", "--events", "30000", "--no-serve");
        var list = CliProcess.Run(temp.Path, "models", "list");
        var show = CliProcess.Run(temp.Path, "models", "show", "clickpredict@champion");
        var evaluate = CliProcess.Run(temp.Path, "evaluate", "--model", "clickpredict@1");
        var noReason = CliProcess.Run(temp.Path, "models", "promote", "clickpredict@1");
        var demote = CliProcess.Run(temp.Path, "models", "promote", "clickpredict@1", "--alias", "challenger", "--reason", "try");
        var missing = CliProcess.Run(temp.Path, "models", "show", "clickpredict@7");

        Assert.True(demo.ExitCode == 0, demo.All);
        Assert.Contains("Leaderboard (validation)", demo.Output, StringComparison.Ordinal);
        Assert.Contains("Registered clickpredict v1 as champion", demo.Output, StringComparison.Ordinal);
        Assert.Contains("MLflow: not logged (MLFLOW_TRACKING_URI is not set)", demo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, "models", "clickpredict", "1", "report.html")));
        Assert.Equal((0, 0, 0), (list.ExitCode, show.ExitCode, evaluate.ExitCode));
        Assert.Contains("champion", list.Output, StringComparison.Ordinal);
        Assert.Contains("clickpredict v1 champion", show.Output, StringComparison.Ordinal);
        Assert.Contains("should repeat the registered ones", evaluate.Output, StringComparison.Ordinal);
        Assert.Equal(2, noReason.ExitCode);
        Assert.Contains("--reason", noReason.All, StringComparison.Ordinal);
        Assert.Equal(2, demote.ExitCode);
        Assert.Contains("promote another version to champion first", demote.All, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("has no version 7; it has 1", missing.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_with_too_few_positives_is_refused_with_the_count()
    {
        using var temp = new TempFolder();
        CliProcess.Run(temp.Path, "generate", "--events", "3000", "--seed", "5", "--out", "gen");
        CliProcess.Run(temp.Path, "ingest", "--source", "canonical", "--input", "gen", "--lake", "lake");
        CliProcess.Run(temp.Path, "sessionize", "--lake", "lake");
        CliProcess.Run(temp.Path, "features", "--lake", "lake");

        var train = CliProcess.Run(temp.Path, "train", "--lake", "lake", "--min-positives", "500");

        Assert.Equal(1, train.ExitCode);
        Assert.Matches(@"has \d+ positive examples; at least 500", train.All);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "models", "clickpredict")));
    }

    [Fact]
    public async Task A_run_kept_pending_during_an_outage_is_synced_once_and_lands_in_the_model_card()
    {
        using var temp = new TempFolder();
        await using var mlflow = await MlflowStandInServer.StartAsync();
        Prepare(temp);
        var down = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "http://127.0.0.1:9", ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "1" };
        var up = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = mlflow.Uri.ToString(), ["MLFLOW_EXPERIMENT_NAME"] = "shop" };

        var train = CliProcess.Run(temp.Path, down, "train", "--lake", "lake", "--trainers", "lightgbm,logistic-regression", "--strategies", "none", Fast, "30");
        var pending = CliProcess.Run(temp.Path, "runs", "list");
        var sync = CliProcess.Run(temp.Path, up, "runs", "sync");
        var again = CliProcess.Run(temp.Path, up, "runs", "sync");

        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("was not logged and is kept as pending", train.Output, StringComparison.Ordinal);
        Assert.Contains("clickpredict.v1.", pending.Output, StringComparison.Ordinal);
        Assert.True(sync.ExitCode == 0, sync.All);
        Assert.Equal(0, again.ExitCode);
        // One parent and one child per leaderboard entry (2 candidates + 4 trials of the search), never created twice.
        Assert.Equal(7, mlflow.State.Runs.Count);
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "models", "clickpredict", "1", "model.json")))!;
        var parent = mlflow.State.Runs.Single(r => !r.Tags.ContainsKey("mlflow.parentRunId"));
        Assert.Equal(parent.Id, (string?)card["mlflowRunId"]);
    }

    [Fact]
    public async Task Train_logs_parent_children_artifacts_and_a_model_version_with_the_local_alias()
    {
        using var temp = new TempFolder();
        await using var mlflow = await MlflowStandInServer.StartAsync();
        Prepare(temp);
        var up = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = mlflow.Uri.ToString() };

        var train = CliProcess.Run(temp.Path, up, "train", "--lake", "lake", "--trainers", "lightgbm,logistic-regression", "--strategies", "none,undersample", Fast, "30");

        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("MLflow: logged run", train.Output, StringComparison.Ordinal);
        var parent = mlflow.State.Runs.Single(r => !r.Tags.ContainsKey("mlflow.parentRunId"));
        var children = mlflow.State.Runs.Where(r => r.Tags.GetValueOrDefault("mlflow.parentRunId") == parent.Id).ToList();
        // Four candidates and the search's four trials, each a child run.
        Assert.Equal(8, children.Count);
        Assert.Equal(4, children.Count(c => c.Tags.Values.Any(v => v.Contains(":trial", StringComparison.Ordinal))));
        Assert.Equal("FINISHED", parent.Status);
        Assert.StartsWith("xxh128:", parent.Params["data_fingerprint"], StringComparison.Ordinal);
        Assert.StartsWith("fs-", parent.Params["feature_set_version"], StringComparison.Ordinal);
        Assert.Contains(parent.Metrics, m => m.Key == "test_pr_auc" && m.Value > 0.1);
        Assert.Contains(parent.Metrics, m => m.Key == "baseline_test_pr_auc");
        Assert.All(children, c => Assert.Contains(c.Metrics, m => m.Key == "valid_pr_auc"));
        Assert.All(children, c => Assert.Contains(c.Metrics, m => m.Key == "threshold"));
        Assert.Contains(mlflow.State.Artifacts.Keys, k => k.EndsWith("/model/model.zip", StringComparison.Ordinal));
        Assert.Contains(mlflow.State.Artifacts.Keys, k => k.EndsWith("/report/pr_curve.png", StringComparison.Ordinal));
        Assert.Contains(mlflow.State.Artifacts.Keys, k => k.EndsWith("/leaderboard.json", StringComparison.Ordinal));
        var model = Assert.Single(mlflow.State.Models);
        Assert.Equal("clickpredict", model.Name);
        Assert.Equal("1", model.Aliases["champion"]);
    }

    private static void Prepare(TempFolder temp)
    {
        Assert.Equal(0, CliProcess.Run(temp.Path, "generate", "--events", "30000", "--seed", "8", "--out", "gen").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "ingest", "--source", "canonical", "--input", "gen", "--lake", "lake").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "sessionize", "--lake", "lake").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "features", "--lake", "lake").ExitCode);
    }
}
