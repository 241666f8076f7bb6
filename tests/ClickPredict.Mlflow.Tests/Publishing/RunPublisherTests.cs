using ClickPredict.Mlflow.Publishing;
using ClickPredict.Mlflow.StandIn;
using ClickPredict.Mlflow.Tests.Support;

namespace ClickPredict.Mlflow.Tests.Publishing;

public sealed class RunPublisherTests : StandInTest
{
    private readonly TempFolder temp = new();

    private RunPublisher Publisher => new(Client);

    private List<StandInRun> Runs() { lock (Server.State.Gate) return [.. Server.State.Runs]; }

    [Fact]
    public async Task Publishes_parent_children_artifacts_model_version_and_alias()
    {
        var record = Records.Training(temp, children: 3, metricsPerChild: 30);
        var published = await Publisher.PublishAsync(record);

        var runs = Runs();
        var parent = runs.Single(r => r.Id == published.ParentRunId);
        Assert.Equal(4, runs.Count);
        Assert.Equal("FINISHED", parent.Status);
        Assert.Equal(9_000, parent.EndTime);
        Assert.Equal(record.RunKey, parent.Tags[TrainingRunRecord.RunKeyTag]);
        Assert.Equal("fs-3f2a", parent.Params["feature_set"]);
        Assert.Equal("71db432", parent.Tags["git_commit"]);
        Assert.Equal(3, published.ChildRunIds.Count);
        foreach (var (key, runId) in published.ChildRunIds)
        {
            var child = runs.Single(r => r.Id == runId);
            Assert.Equal(key, child.Tags[TrainingRunRecord.RunKeyTag]);
            Assert.Equal(parent.Id, child.Tags["mlflow.parentRunId"]);
            Assert.Equal("FINISHED", child.Status);
            Assert.Equal(30, child.Metrics.Count);
        }
        Assert.Equal(0.002, runs.Single(r => r.Id == published.ChildRunIds[$"{record.RunKey}.child2"]).Metrics.Single(m => m.Step == 0 && m.Key == "metric2").Value - 2, 9);
        Assert.Equal("artifact 0 of train-20261123-1"u8.ToArray(), await Client.DownloadArtifactAsync(parent.ArtifactUri, "model/model.zip"));
        Assert.Equal(4, (await Client.ListArtifactsAsync(parent.ArtifactUri, "report")).Count);

        var version = published.ModelVersion!;
        Assert.Equal(("clickpredict-buyer", "1"), (version.Name, version.Version));
        Assert.Equal(parent.ArtifactUri + "/model", version.Source);
        Assert.Equal(parent.Id, version.RunId);
        Assert.Equal("1", (await Client.GetModelVersionByAliasAsync("clickpredict-buyer", "champion"))?.Version);
        // One log-batch per run: metrics are never sent one request per value.
        Assert.Equal(4, Server.CountRequests("POST", "runs/log-batch"));
    }

    [Fact]
    public async Task Publishing_again_creates_nothing_new()
    {
        var record = Records.Training(temp);
        var first = await Publisher.PublishAsync(record);
        var requestsBefore = Server.Requests.Count;

        var second = await Publisher.PublishAsync(record);

        Assert.Equal(first.ParentRunId, second.ParentRunId);
        Assert.Equal(first.ChildRunIds.OrderBy(c => c.Key), second.ChildRunIds.OrderBy(c => c.Key));
        Assert.Equal("1", second.ModelVersion?.Version);
        Assert.Equal(4, Runs().Count);
        Assert.Equal(4, Server.CountRequests("POST", "runs/create"));
        Assert.Equal(1, Server.CountRequests("POST", "model-versions/create"));
        Assert.Equal(4, Server.CountRequests("POST", "runs/log-batch"));
        Assert.InRange(Server.Requests.Count - requestsBefore, 1, 8);
    }

    [Theory]
    [InlineData(Fault.Reset, 2)]
    [InlineData(Fault.Unavailable, 6)]
    [InlineData(Fault.Reset, 9)]
    [InlineData(Fault.Unavailable, 13)]
    [InlineData(Fault.Reset, 17)]
    [InlineData(Fault.Unavailable, 21)]
    [InlineData(Fault.Reset, 24)]
    public async Task An_outage_mid_publish_keeps_the_run_pending_and_sync_completes_it_without_duplicates(Fault fault, int goodRequests)
    {
        var record = Records.Training(temp, children: 3, metricsPerChild: 30);
        var pending = new PendingRuns(Path.Combine(temp.Path, "pending"));
        Server.InjectFault(fault, skip: goodRequests);

        var outcome = await Publisher.PublishOrKeepPendingAsync(record, pending);

        Assert.False(outcome.Published);
        Assert.True(File.Exists(outcome.PendingFile));
        Assert.DoesNotContain('\n', outcome.Summary);
        Assert.Contains("runs sync", outcome.Summary, StringComparison.Ordinal);
        var kept = Assert.Single(pending.List());
        Assert.Equal(record.RunKey, kept.Record.RunKey);
        Assert.StartsWith($"MLflow publish of run '{record.RunKey}' failed at ", kept.Failure, StringComparison.Ordinal);

        Server.Heal();
        var report = await pending.SyncAsync(Publisher);

        var published = Assert.Single(report.Published);
        Assert.Empty(report.StillPending);
        Assert.Empty(pending.List());
        Assert.Empty(Directory.GetFiles(pending.Folder));
        var runs = Runs();
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Equal("FINISHED", r.Status));
        Assert.All(runs.Where(r => r.Id != published.ParentRunId), r => Assert.Equal(30, r.Metrics.Count));
        Assert.Single(runs.Single(r => r.Id == published.ParentRunId).Metrics);
        Assert.Single(Server.State.Models.Single().Versions);
        Assert.Equal("1", (await Client.GetModelVersionByAliasAsync("clickpredict-buyer", "champion"))?.Version);
    }

    [Fact]
    public async Task Sync_stops_at_the_first_unreachable_server_and_keeps_everything()
    {
        var pending = new PendingRuns(Path.Combine(temp.Path, "pending"));
        await pending.SaveAsync(Records.Training(temp, key: "a"), "earlier failure");
        await pending.SaveAsync(Records.Training(temp, key: "b"), "earlier failure");
        Server.InjectFault(Fault.Unavailable);

        var report = await pending.SyncAsync(Publisher);

        Assert.Empty(report.Published);
        Assert.Equal(2, report.StillPending.Count);
        Assert.Equal(4, Server.Requests.Count);
        Assert.Equal(2, pending.List().Single(p => p.Record.RunKey == "a").Attempts);
        Assert.Equal(1, pending.List().Single(p => p.Record.RunKey == "b").Attempts);
        Assert.StartsWith("MLflow sync: 0 published, 2 still pending. First failure: MLflow publish of run 'a'", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_the_server_rejects_stays_pending_and_the_next_one_is_published()
    {
        var pending = new PendingRuns(Path.Combine(temp.Path, "pending"));
        var good = Records.Training(temp, key: "b-good");
        var clash = Records.Training(temp, key: "a-clash");
        await Publisher.PublishAsync(clash with { Model = null, Children = [] });
        Runs().Single().Status = "RUNNING";
        var changed = clash with
        {
            Parent = clash.Parent with { Params = new Dictionary<string, string> { ["feature_set"] = "fs-other" } },
        };
        await pending.SaveAsync(changed, "earlier failure");
        await pending.SaveAsync(good, "earlier failure");

        var report = await pending.SyncAsync(Publisher);

        Assert.Equal("b-good", Assert.Single(report.Published).RunKey);
        var left = Assert.Single(pending.List());
        Assert.Equal("a-clash", left.Record.RunKey);
        Assert.Contains("Changing param values is not allowed", left.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_record_sends_nothing_and_is_still_kept()
    {
        var pending = new PendingRuns(Path.Combine(temp.Path, "pending"));
        var record = Records.Training(temp);
        var broken = record with { Parent = record.Parent with { Metrics = [new("pr_auc", double.NaN, 1)] } };

        var ex = await Assert.ThrowsAsync<MlflowPublishException>(() => Publisher.PublishAsync(broken));
        var outcome = await Publisher.PublishOrKeepPendingAsync(broken, pending);

        Assert.Equal("checking the record", ex.Step);
        Assert.Contains("metric 'pr_auc' has the non-finite value", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
        Assert.False(outcome.Published);
        Assert.True(double.IsNaN(Assert.Single(pending.List()).Record.Parent.Metrics.Single().Value));
    }

    [Fact]
    public async Task A_model_on_a_child_run_is_registered_from_that_child()
    {
        var record = Records.Training(temp, alias: "challenger");
        var childKey = record.Children[1].Key;
        var child = record.Children[1] with { Artifacts = [new(temp.File("m.zip", "m"), "model/model.zip")] };
        record = record with { Children = [record.Children[0], child, record.Children[2]], Model = new("clickpredict-buyer", childKey, "model", "challenger") };

        var published = await Publisher.PublishAsync(record);

        Assert.Equal(published.ChildRunIds[childKey], published.ModelVersion?.RunId);
        Assert.Equal(["challenger"], published.ModelVersion?.Aliases);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        temp.Dispose();
    }
}
