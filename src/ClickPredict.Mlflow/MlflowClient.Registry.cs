using ClickPredict.Mlflow.Wire;

namespace ClickPredict.Mlflow;

public sealed partial class MlflowClient
{
    /// <summary>Creates a registered model (<c>POST registered-models/create</c>).</summary>
    /// <exception cref="MlflowException">With <see cref="MlflowErrorCodes.ResourceAlreadyExists"/> when the name is taken.</exception>
    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default)
    {
        var response = await PostAsync("registered-models/create", new CreateRegisteredModelRequest(name, tags, description),
            MlflowJson.Default.CreateRegisteredModelRequest, MlflowJson.Default.RegisteredModelResponse, ct);
        return response.RegisteredModel ?? new RegisteredModel { Name = name };
    }

    /// <summary>The registered model of that name, or <c>null</c> when there is none (<c>GET registered-models/get</c>).</summary>
    public Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken ct = default) =>
        NullIfNotFound(async () => (await GetAsync("registered-models/get", Query(("name", name)),
            MlflowJson.Default.RegisteredModelResponse, ct)).RegisteredModel);

    /// <summary>Creates a version of a registered model from model files in a run's artifacts (<c>POST model-versions/create</c>).</summary>
    /// <param name="name">Registered model name.</param>
    /// <param name="source">Artifact URI of the model folder, for example the run's artifact URI + <c>/model</c>.</param>
    /// <param name="runId">Run that produced the model.</param>
    /// <param name="description">Description.</param>
    /// <param name="tags">Version tags.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null, string? description = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default)
    {
        var response = await PostAsync("model-versions/create", new CreateModelVersionRequest(name, source, runId, tags, description),
            MlflowJson.Default.CreateModelVersionRequest, MlflowJson.Default.ModelVersionResponse, ct);
        return response.ModelVersion ?? throw new MlflowException("MLflow model-versions/create answered without a model_version.");
    }

    /// <summary>One version of a registered model (<c>GET model-versions/get</c>).</summary>
    /// <exception cref="MlflowException">With <see cref="MlflowErrorCodes.ResourceDoesNotExist"/> when there is none.</exception>
    public async Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken ct = default)
    {
        var response = await GetAsync("model-versions/get", Query(("name", name), ("version", version)), MlflowJson.Default.ModelVersionResponse, ct);
        return response.ModelVersion ?? throw new MlflowException($"MLflow model-versions/get answered without a model_version for {name} {version}.");
    }

    /// <summary>One page of model versions (<c>GET model-versions/search</c>).</summary>
    /// <param name="filter">MLflow filter, for example <c>name = 'clickpredict' and run_id = 'abc'</c>.</param>
    /// <param name="maxResults">Page size.</param>
    /// <param name="pageToken">Token from the previous page.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ResultPage<ModelVersion>> SearchModelVersionsAsync(string? filter = null, int maxResults = 1000,
        string? pageToken = null, CancellationToken ct = default)
    {
        var response = await GetAsync("model-versions/search",
            Query(("filter", filter), ("max_results", maxResults.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page_token", pageToken)),
            MlflowJson.Default.SearchModelVersionsResponse, ct);
        return new(response.ModelVersions ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Points an alias (for example <c>champion</c>) at a version, moving it from any other (<c>POST registered-models/alias</c>).</summary>
    public async Task SetAliasAsync(string name, string alias, string version, CancellationToken ct = default) =>
        await PostAsync("registered-models/alias", new SetAliasRequest(name, alias, version),
            MlflowJson.Default.SetAliasRequest, MlflowJson.Default.EmptyResponse, ct);

    /// <summary>The version an alias points at, or <c>null</c> when the alias or model does not exist (<c>GET registered-models/alias</c>).</summary>
    public Task<ModelVersion?> GetModelVersionByAliasAsync(string name, string alias, CancellationToken ct = default) =>
        NullIfNotFound(async () => (await GetAsync("registered-models/alias", Query(("name", name), ("alias", alias)),
            MlflowJson.Default.ModelVersionResponse, ct)).ModelVersion);

    /// <summary>Removes an alias (<c>DELETE registered-models/alias</c>).</summary>
    public async Task DeleteAliasAsync(string name, string alias, CancellationToken ct = default)
    {
        // MLflow's Python client sends DELETE arguments as a JSON body and some servers read only the query
        // string, so both carry them.
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new AliasRequest(name, alias), MlflowJson.Default.AliasRequest);
        await SendJsonAsync(HttpMethod.Delete, ApiPrefix + "registered-models/alias" + Query(("name", name), ("alias", alias)),
            () => JsonContent(bytes), MlflowJson.Default.EmptyResponse, ct);
    }
}
