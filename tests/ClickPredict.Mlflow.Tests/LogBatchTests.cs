using ClickPredict.Mlflow.Tests.Support;

namespace ClickPredict.Mlflow.Tests;

public sealed class LogBatchTests : StandInTest
{
    private async Task<string> NewRunAsync()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        var run = await Client.CreateRunAsync(experimentId, "r");
        Server.ClearRequests();
        return run.Info.RunId;
    }

    private static List<Metric> Metrics(int count) => [.. Enumerable.Range(0, count).Select(i => new Metric($"m{i % 50}", i * 0.5, 1_000 + i, i))];
    private static List<Param> Params(int count, int valueLength = 8) => [.. Enumerable.Range(0, count).Select(i => new Param($"p{i}", new string('v', valueLength)))];
    private static List<RunTag> Tags(int count, int valueLength = 8) => [.. Enumerable.Range(0, count).Select(i => new RunTag($"t{i}", new string('t', valueLength)))];

    private int StoredMetricCount() { lock (Server.State.Gate) return Server.State.Runs.Single().Metrics.Count; }

    [Theory]
    [InlineData(1000, 0, 0, 1)]
    [InlineData(1001, 0, 0, 2)]
    [InlineData(0, 100, 0, 1)]
    [InlineData(0, 101, 0, 2)]
    [InlineData(0, 0, 100, 1)]
    [InlineData(0, 0, 101, 2)]
    [InlineData(900, 100, 0, 1)]
    [InlineData(900, 100, 1, 2)]
    [InlineData(2500, 250, 250, 3)]
    public async Task Splits_exactly_at_the_count_limits(int metrics, int @params, int tags, int expectedCalls)
    {
        var runId = await NewRunAsync();
        var calls = await Client.LogBatchAsync(runId, Metrics(metrics), Params(@params), Tags(tags));
        var run = await Client.GetRunAsync(runId);

        Assert.Equal(expectedCalls, calls);
        Assert.Equal(expectedCalls, Server.CountRequests("POST", "runs/log-batch"));
        Assert.Equal(metrics, StoredMetricCount());
        Assert.Equal(@params, run.Data.Params.Count);
        Assert.Equal(tags, run.Data.Tags.Count(t => t.Key.StartsWith('t')));
    }

    [Fact]
    public async Task Splits_by_size_below_one_megabyte()
    {
        var runId = await NewRunAsync();
        // 100 params of 6000 chars and 100 tags of 8000 chars: 1.4 MB, within the count limits of one call.
        var calls = await Client.LogBatchAsync(runId, [], Params(100, 6000), Tags(100, 8000));
        var run = await Client.GetRunAsync(runId);

        Assert.Equal(2, calls);
        Assert.All(Server.Requests.Where(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)),
            r => Assert.InRange(r.BodyLength, 1, MlflowLimits.MaxBatchRequestBytes));
        Assert.Equal(6000, run.Data.Params.Single(p => p.Key == "p99").Value.Length);
        Assert.Equal(8000, run.Tag("t99")!.Length);
    }

    [Fact]
    public async Task A_param_at_the_limit_is_stored_whole()
    {
        var runId = await NewRunAsync();
        var value = string.Concat(Enumerable.Range(0, 600).Select(i => $"{i % 10}abcdefghi"));
        await Client.LogBatchAsync(runId, @params: [new("features", value)]);
        Assert.Equal(value, (await Client.GetRunAsync(runId)).Data.Params.Single().Value);
    }

    [Fact]
    public async Task A_param_over_the_limit_is_refused_before_the_server_could_cut_it()
    {
        var runId = await NewRunAsync();
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.LogBatchAsync(runId, @params: [new("features", new string('x', 6001))]));

        Assert.Equal(MlflowErrorCodes.InvalidParameterValue, ex.ErrorCode);
        Assert.Equal(0, ex.Attempts);
        Assert.Contains("'features' is 6001 characters", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task A_non_finite_metric_is_refused_and_nothing_is_sent(double value)
    {
        var runId = await NewRunAsync();
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.LogBatchAsync(runId, [new("ok", 1, 1), new("auc", value, 1)]));

        Assert.Contains("metric 'auc' has the non-finite value", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Theory]
    [InlineData(250, true)]
    [InlineData(251, false)]
    public async Task Keys_are_limited_to_250_characters(int length, bool accepted)
    {
        var runId = await NewRunAsync();
        var log = () => Client.LogBatchAsync(runId, [new(new string('k', length), 1, 1)]);
        if (accepted)
            Assert.Equal(1, await log());
        else
            Assert.Contains("250", (await Assert.ThrowsAsync<MlflowException>(log)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_over_8000_characters_is_refused()
    {
        var runId = await NewRunAsync();
        await Assert.ThrowsAsync<MlflowException>(() => Client.SetTagAsync(runId, "notes", new string('n', 8001)));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task The_stand_in_really_damages_what_the_client_refuses()
    {
        // Why the client validates: sent raw, a malformed metric becomes 0 and a long param is cut, without an error.
        var runId = await NewRunAsync();
        using var http = new HttpClient();
        var body = $$"""{"run_id":"{{runId}}","metrics":[{"key":"auc","value":"high","timestamp":1,"step":0}],"params":[{"key":"p","value":"{{new string('x', 6100)}}"}]}""";
        var response = await http.PostAsync(new Uri(Server.Uri, "api/2.0/mlflow/runs/log-batch"), new StringContent(body));
        var run = await Client.GetRunAsync(runId);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(0, run.Data.Metrics.Single().Value);
        Assert.Equal(6000, run.Data.Params.Single().Value.Length);
    }

    [Fact]
    public async Task Logging_the_same_metrics_twice_keeps_one_copy_as_the_sql_store_does()
    {
        var runId = await NewRunAsync();
        await Client.LogBatchAsync(runId, Metrics(10));
        await Client.LogBatchAsync(runId, Metrics(10));
        Assert.Equal(10, StoredMetricCount());
    }
}
