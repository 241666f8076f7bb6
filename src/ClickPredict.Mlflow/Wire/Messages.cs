namespace ClickPredict.Mlflow.Wire;

// Request and response bodies of the REST API, named as in MLflow's service.proto. The server leaves
// out every field at its default value, so every response field is optional here.

internal sealed record ErrorBody(string? ErrorCode, string? Message);

internal sealed record CreateExperimentRequest(string Name, string? ArtifactLocation, IReadOnlyList<RunTag>? Tags);
internal sealed record CreateExperimentResponse(string? ExperimentId);
internal sealed record ExperimentResponse(Experiment? Experiment);
internal sealed record SearchExperimentsRequest(int MaxResults, string? Filter, IReadOnlyList<string>? OrderBy, string? PageToken, ViewType? ViewType);
internal sealed record SearchExperimentsResponse(IReadOnlyList<Experiment>? Experiments, string? NextPageToken);

internal sealed record CreateRunRequest(string ExperimentId, string? RunName, long StartTime, IReadOnlyList<RunTag> Tags, string? UserId);
internal sealed record RunResponse(Run? Run);
internal sealed record UpdateRunRequest(string RunId, string RunUuid, RunStatus? Status, long? EndTime, string? RunName);
internal sealed record UpdateRunResponse(RunInfo? RunInfo);
internal sealed record SearchRunsRequest(IReadOnlyList<string> ExperimentIds, string? Filter, ViewType? RunViewType, int MaxResults,
    IReadOnlyList<string>? OrderBy, string? PageToken);
internal sealed record SearchRunsResponse(IReadOnlyList<Run>? Runs, string? NextPageToken);
internal sealed record LogBatchRequest(string RunId, IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<RunTag> Tags);
internal sealed record SetTagRequest(string RunId, string RunUuid, string Key, string Value);
internal sealed record MetricHistoryResponse(IReadOnlyList<Metric>? Metrics, string? NextPageToken);

internal sealed record ListArtifactsResponse(IReadOnlyList<ArtifactFile>? Files);

internal sealed record CreateRegisteredModelRequest(string Name, IReadOnlyList<RunTag>? Tags, string? Description);
internal sealed record RegisteredModelResponse(RegisteredModel? RegisteredModel);
internal sealed record CreateModelVersionRequest(string Name, string Source, string? RunId, IReadOnlyList<RunTag>? Tags, string? Description);
internal sealed record ModelVersionResponse(ModelVersion? ModelVersion);
internal sealed record SearchModelVersionsResponse(IReadOnlyList<ModelVersion>? ModelVersions, string? NextPageToken);
internal sealed record SetAliasRequest(string Name, string Alias, string Version);
internal sealed record AliasRequest(string Name, string Alias);
internal sealed record EmptyResponse;
