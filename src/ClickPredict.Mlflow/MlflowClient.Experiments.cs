using ClickPredict.Mlflow.Wire;

namespace ClickPredict.Mlflow;

public sealed partial class MlflowClient
{
    /// <summary>The experiment of that name, or <c>null</c> when there is none (<c>GET experiments/get-by-name</c>).</summary>
    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken ct = default) =>
        NullIfNotFound(async () => (await GetAsync("experiments/get-by-name", Query(("experiment_name", name)),
            MlflowJson.Default.ExperimentResponse, ct)).Experiment);

    /// <summary>Creates an experiment and returns its id (<c>POST experiments/create</c>).</summary>
    /// <exception cref="MlflowException">With <see cref="MlflowErrorCodes.ResourceAlreadyExists"/> when the name is taken.</exception>
    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default)
    {
        var response = await PostAsync("experiments/create", new CreateExperimentRequest(name, artifactLocation, tags),
            MlflowJson.Default.CreateExperimentRequest, MlflowJson.Default.CreateExperimentResponse, ct);
        return response.ExperimentId ?? throw new MlflowException("MLflow experiments/create answered without an experiment_id.");
    }

    /// <summary>The id of the experiment of that name, creating it when missing (and tolerating a concurrent creation).</summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken ct = default)
    {
        if (await GetExperimentByNameAsync(name, ct) is { } existing)
            return existing.ExperimentId;
        try
        {
            return await CreateExperimentAsync(name, ct: ct);
        }
        catch (MlflowException ex) when (ex.IsAlreadyExists)
        {
            var created = await GetExperimentByNameAsync(name, ct);
            if (created is null)
                throw;
            return created.ExperimentId;
        }
    }

    /// <summary>One page of experiments (<c>POST experiments/search</c>).</summary>
    /// <param name="filter">MLflow filter, for example <c>name = 'clickpredict'</c>.</param>
    /// <param name="maxResults">Page size.</param>
    /// <param name="pageToken">Token from the previous page.</param>
    /// <param name="orderBy">Order clauses, for example <c>creation_time DESC</c>.</param>
    /// <param name="viewType">Active, deleted or all experiments.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ResultPage<Experiment>> SearchExperimentsAsync(string? filter = null, int maxResults = 1000, string? pageToken = null,
        IReadOnlyList<string>? orderBy = null, ViewType? viewType = null, CancellationToken ct = default)
    {
        var response = await PostAsync("experiments/search", new SearchExperimentsRequest(maxResults, filter, orderBy, pageToken, viewType),
            MlflowJson.Default.SearchExperimentsRequest, MlflowJson.Default.SearchExperimentsResponse, ct);
        return new(response.Experiments ?? [], NullIfEmpty(response.NextPageToken));
    }

    private static string? NullIfEmpty(string? token) => string.IsNullOrEmpty(token) ? null : token;
}
