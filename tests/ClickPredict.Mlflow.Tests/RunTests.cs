using System.Net;
using ClickPredict.Mlflow.Tests.Support;

namespace ClickPredict.Mlflow.Tests;

public sealed class RunTests : StandInTest
{
    private async Task<Run> NewRunAsync(string name = "r")
    {
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        return await Client.CreateRunAsync(experimentId, name, [new("k", "v")], startTime: 1_000);
    }

    [Fact]
    public async Task Create_returns_a_running_run_with_its_artifact_uri()
    {
        var run = await NewRunAsync("lgbm");

        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal("lgbm", run.Info.RunName);
        Assert.Equal(1_000, run.Info.StartTime);
        Assert.Null(run.Info.EndTime);
        Assert.Equal($"mlflow-artifacts:/{run.Info.ExperimentId}/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        Assert.Equal("v", run.Tag("k"));
        Assert.Equal("lgbm", run.Tag("mlflow.runName"));
    }

    [Fact]
    public async Task Terminate_sets_status_and_end_time()
    {
        var run = await NewRunAsync();
        var info = await Client.TerminateRunAsync(run.Info.RunId, RunStatus.Failed, endTime: 2_000);
        var read = await Client.GetRunAsync(run.Info.RunId);

        Assert.Equal(RunStatus.Failed, info.Status);
        Assert.Equal(RunStatus.Failed, read.Info.Status);
        Assert.Equal(2_000, read.Info.EndTime);
    }

    [Fact]
    public async Task Update_renames_a_run()
    {
        var run = await NewRunAsync("old");
        await Client.UpdateRunAsync(run.Info.RunId, runName: "new");
        Assert.Equal("new", (await Client.GetRunAsync(run.Info.RunId)).Info.RunName);
    }

    [Fact]
    public async Task A_missing_run_is_resource_does_not_exist_with_status_404()
    {
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.GetRunAsync("0123"));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal(MlflowErrorCodes.ResourceDoesNotExist, ex.ErrorCode);
        Assert.Equal("Run with id=0123 not found", ex.ServerMessage);
        Assert.Contains("GET /api/2.0/mlflow/runs/get", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Server.CountRequests("GET", "runs/get"));
    }

    [Fact]
    public async Task Log_batch_values_read_back_including_zero_values_the_server_leaves_out()
    {
        var run = await NewRunAsync();
        await Client.LogBatchAsync(run.Info.RunId,
            [new("auc", 0.81, 10, 0), new("auc", 0.84, 11, 1), new("loss", 0.0, 12, 3)],
            [new("trainer", "lightgbm")], [new("strategy", "weights")]);
        var read = await Client.GetRunAsync(run.Info.RunId);

        Assert.Equal(0.84, read.Data.Metrics.Single(m => m.Key == "auc").Value);
        Assert.Equal(1, read.Data.Metrics.Single(m => m.Key == "auc").Step);
        Assert.Equal(new Metric("loss", 0.0, 12, 3), read.Data.Metrics.Single(m => m.Key == "loss"));
        Assert.Equal("lightgbm", Assert.Single(read.Data.Params).Value);
        Assert.Equal("weights", read.Tag("strategy"));
    }

    [Fact]
    public async Task Metric_history_returns_every_value_and_first_step_zero()
    {
        var run = await NewRunAsync();
        await Client.LogBatchAsync(run.Info.RunId, [.. Enumerable.Range(0, 5).Select(i => new Metric("loss", 1.0 / (i + 1), 100 + i, i))]);
        var history = await Client.GetMetricHistoryAsync(run.Info.RunId, "loss");

        Assert.Equal([0L, 1, 2, 3, 4], history.Select(m => m.Step).Order());
        Assert.Equal(0.2, history.Single(m => m.Step == 4).Value);
    }

    [Fact]
    public async Task A_nan_stored_by_the_server_reads_back_as_nan()
    {
        var run = await NewRunAsync();
        lock (Server.State.Gate)
            Server.State.Runs.Single().Metrics.Add(("brier", double.NaN, 5, 0));

        var read = await Client.GetRunAsync(run.Info.RunId);
        var history = await Client.GetMetricHistoryAsync(run.Info.RunId, "brier");

        Assert.True(double.IsNaN(read.Data.Metrics.Single().Value));
        Assert.True(double.IsNaN(Assert.Single(history).Value));
    }

    [Fact]
    public async Task Set_tag_replaces_a_tag()
    {
        var run = await NewRunAsync();
        await Client.SetTagAsync(run.Info.RunId, "k", "v2");
        Assert.Equal("v2", (await Client.GetRunAsync(run.Info.RunId)).Tag("k"));
    }

    [Fact]
    public async Task An_empty_search_answers_empty_braces_and_reads_as_no_runs()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        var page = await Client.SearchRunsAsync([experimentId]);

        Assert.Empty(page.Items);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task Search_all_stops_at_the_empty_page_after_a_full_last_page()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        for (var i = 0; i < 4; i++)
            await Client.CreateRunAsync(experimentId, $"r{i}", startTime: 1_000 + i);
        Server.ClearRequests();

        var runs = await Client.SearchAllRunsAsync([experimentId], pageSize: 2).ToListAsync();

        Assert.Equal(["r3", "r2", "r1", "r0"], runs.Select(r => r.Info.RunName));
        Assert.Equal(3, Server.CountRequests("POST", "runs/search"));
    }

    [Fact]
    public async Task Search_by_tag_finds_only_the_matching_run()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        await Client.CreateRunAsync(experimentId, "a", [new("clickpredict.run_key", "k-1")]);
        await Client.CreateRunAsync(experimentId, "b", [new("clickpredict.run_key", "k-2")]);

        var page = await Client.SearchRunsAsync([experimentId], "tags.`clickpredict.run_key` = 'k-2'");

        Assert.Equal("b", Assert.Single(page.Items).Info.RunName);
    }
}
