using System.Runtime.CompilerServices;
using ClickPredict.Mlflow.Wire;

namespace ClickPredict.Mlflow;

public sealed partial class MlflowClient
{
    /// <summary>Creates a run (<c>POST runs/create</c>).</summary>
    /// <param name="experimentId">Experiment to create it in.</param>
    /// <param name="runName">Display name.</param>
    /// <param name="tags">Tags set at creation, checked against <see cref="MlflowLimits"/>.</param>
    /// <param name="startTime">Unix milliseconds; now by default.</param>
    /// <param name="userId">User name recorded by MLflow.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<Run> CreateRunAsync(string experimentId, string? runName = null, IReadOnlyList<RunTag>? tags = null,
        long? startTime = null, string? userId = null, CancellationToken ct = default)
    {
        tags ??= [];
        RunValues.Validate([], [], tags);
        var response = await PostAsync("runs/create", new CreateRunRequest(experimentId, runName, startTime ?? NowMs(), tags, userId),
            MlflowJson.Default.CreateRunRequest, MlflowJson.Default.RunResponse, ct);
        return response.Run ?? throw new MlflowException("MLflow runs/create answered without a run.");
    }

    /// <summary>The run with that id (<c>GET runs/get</c>).</summary>
    /// <exception cref="MlflowException">With <see cref="MlflowErrorCodes.ResourceDoesNotExist"/> when there is none.</exception>
    public async Task<Run> GetRunAsync(string runId, CancellationToken ct = default)
    {
        var response = await GetAsync("runs/get", Query(("run_id", runId)), MlflowJson.Default.RunResponse, ct);
        return response.Run ?? throw new MlflowException($"MLflow runs/get answered without a run for {runId}.");
    }

    /// <summary>Changes a run's status, end time or name (<c>POST runs/update</c>).</summary>
    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status = null, long? endTime = null, string? runName = null,
        CancellationToken ct = default)
    {
        var response = await PostAsync("runs/update", new UpdateRunRequest(runId, runId, status, endTime, runName),
            MlflowJson.Default.UpdateRunRequest, MlflowJson.Default.UpdateRunResponse, ct);
        return response.RunInfo ?? new RunInfo { RunId = runId };
    }

    /// <summary>Ends a run with a final status (finished by default) and an end time (now by default).</summary>
    public Task<RunInfo> TerminateRunAsync(string runId, RunStatus status = RunStatus.Finished, long? endTime = null,
        CancellationToken ct = default) =>
        UpdateRunAsync(runId, status, endTime ?? NowMs(), ct: ct);

    /// <summary>One page of runs (<c>POST runs/search</c>).</summary>
    /// <param name="experimentIds">Experiments to search.</param>
    /// <param name="filter">MLflow filter, for example <c>tags.`clickpredict.run_key` = 'abc'</c>.</param>
    /// <param name="maxResults">Page size.</param>
    /// <param name="pageToken">Token from the previous page.</param>
    /// <param name="orderBy">Order clauses.</param>
    /// <param name="viewType">Active, deleted or all runs.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ResultPage<Run>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int maxResults = 1000,
        string? pageToken = null, IReadOnlyList<string>? orderBy = null, ViewType? viewType = null, CancellationToken ct = default)
    {
        var response = await PostAsync("runs/search", new SearchRunsRequest(experimentIds, filter, viewType, maxResults, orderBy, pageToken),
            MlflowJson.Default.SearchRunsRequest, MlflowJson.Default.SearchRunsResponse, ct);
        return new(response.Runs ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every matching run, page after page, until a page comes back without a token or empty.</summary>
    public async IAsyncEnumerable<Run> SearchAllRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int pageSize = 1000,
        ViewType? viewType = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? token = null;
        do
        {
            var page = await SearchRunsAsync(experimentIds, filter, pageSize, token, viewType: viewType, ct: ct);
            foreach (var run in page.Items)
                yield return run;
            token = page.Items.Count == 0 ? null : page.NextPageToken;
        }
        while (token is not null);
    }

    /// <summary>
    /// Logs metrics, params and tags with as few <c>POST runs/log-batch</c> calls as the server's limits allow
    /// (1000 metrics, 100 params, 100 tags, 1000 entities and 1 MB per call). Everything is validated before
    /// the first call. Returns the number of calls made.
    /// </summary>
    /// <exception cref="MlflowException">With <see cref="MlflowErrorCodes.InvalidParameterValue"/> and no call made, for a
    /// non-finite metric, an empty or over-long key, an over-long value or a param key given twice.</exception>
    public async Task<int> LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? @params = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default)
    {
        metrics ??= [];
        @params ??= [];
        tags ??= [];
        RunValues.Validate(metrics, @params, tags);
        var calls = 0;
        foreach (var batch in LogBatchSplitter.Split(runId, metrics, @params, tags))
        {
            await PostAsync("runs/log-batch", batch, MlflowJson.Default.LogBatchRequest, MlflowJson.Default.EmptyResponse, ct);
            calls++;
        }
        return calls;
    }

    /// <summary>Sets one tag on a run (<c>POST runs/set-tag</c>).</summary>
    public async Task SetTagAsync(string runId, string key, string value, CancellationToken ct = default)
    {
        RunValues.Validate([], [], [new RunTag(key, value)]);
        await PostAsync("runs/set-tag", new SetTagRequest(runId, runId, key, value),
            MlflowJson.Default.SetTagRequest, MlflowJson.Default.EmptyResponse, ct);
    }

    /// <summary>Every logged value of one metric of a run (<c>GET metrics/get-history</c>, all pages).</summary>
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string metricKey, CancellationToken ct = default)
    {
        var all = new List<Metric>();
        string? token = null;
        do
        {
            var response = await GetAsync("metrics/get-history",
                Query(("run_id", runId), ("metric_key", metricKey), ("max_results", "25000"), ("page_token", token)),
                MlflowJson.Default.MetricHistoryResponse, ct);
            var page = response.Metrics ?? [];
            all.AddRange(page);
            token = page.Count == 0 ? null : NullIfEmpty(response.NextPageToken);
        }
        while (token is not null);
        return all;
    }
}
