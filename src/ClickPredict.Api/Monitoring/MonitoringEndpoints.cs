using System.Globalization;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Hosting;
using ClickPredict.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Monitoring;

internal static class MonitoringEndpoints
{
    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/monitoring").WithTags("Monitoring");
        group.MapGet("/drift", GetDrift).WithName("GetDrift")
            .WithSummary("The latest drift report")
            .WithDescription("Per-feature PSI and KS or Wasserstein distance, score PSI, the share of drifted features and a verdict, comparing the prediction log " +
                "with the served champion's training window. Recomputed every Drift:Interval; a newer report saved by `clickpredict drift` is served instead. " +
                "404 until one exists.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        if (app.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value.Enabled || Docs.DocsSetup.WritingDocument)
        {
            group.MapPost("/drift/refresh", RefreshDrift).WithName("RefreshDrift").AddEndpointFilter<AdminKeyFilter>()
                .WithSummary("Recompute drift now (admin)")
                .WithDescription("Compares the prediction log's finished files with the champion's training window now instead of at the next interval, " +
                    "saves and returns the report. Takes seconds on a large log. Needs X-Api-Key.")
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        return app;
    }

    public static Results<Ok<DriftReport>, ProblemHttpResult> GetDrift(LatestDrift drift, IOptions<DriftOptions> options)
    {
        if (drift.Current() is { } report)
        {
            return TypedResults.Ok(report);
        }

        var settings = options.Value;
        var schedule = settings.Enabled
            ? $"it runs every {settings.Interval.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture)} minutes once predictions are logged"
            : "the API's background drift is off (Drift:Interval 0)";
        var failure = drift.LastFailure;
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Drift has not been computed yet.",
            detail: $"{schedule}, or run `clickpredict drift --lake <lake> --current '<prediction log>/*.parquet'` on the server." +
                (failure is null ? "" : $" The last attempt failed: {failure.Reason}"),
            extensions: failure is null ? null : new Dictionary<string, object?> { ["lastFailure"] = failure });
    }

    public static async Task<Results<Ok<DriftReport>, ProblemHttpResult>> RefreshDrift(LatestDrift drift, CancellationToken cancel)
    {
        try
        {
            return TypedResults.Ok(await drift.ComputeAsync(cancel));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Drift could not be computed.", detail: Echo.WithoutPaths(e.Message));
        }
    }
}
