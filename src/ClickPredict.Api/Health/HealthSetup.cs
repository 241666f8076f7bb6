using ClickPredict.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClickPredict.Api.Health;

internal static class HealthSetup
{
    private const string Ready = "ready";

    public static IHostApplicationBuilder AddServingHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BackgroundHealth>();
        builder.Services.AddHealthChecks()
            .AddCheck<ModelLoadedCheck>("model", tags: [Ready])
            .AddCheck<BackgroundHealth>("background");
        // A background job that throws is logged and reported, never a reason to stop serving.
        builder.Services.Configure<HostOptions>(options => options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        return builder;
    }

    /// <summary>
    /// Live: the process answers. Ready: a model and its online snapshot are loaded. Mapped as plain
    /// endpoints over the health check service (not MapHealthChecks) so Swagger documents them too.
    /// </summary>
    public static IEndpointRouteBuilder MapServingHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", () => TypedResults.Text("Healthy")).WithName("Live")
            .WithSummary("Liveness: the process answers").WithDescription("Always 200 \"Healthy\" while the process runs.");
        group.MapGet("/", AllAsync).WithName("Health")
            .WithSummary("Everything: the model, the snapshot and the background jobs")
            .WithDescription("200 \"Healthy\" when a model is loaded and every background job (dashboard warm-up, drift) last succeeded; " +
                "503 ProblemDetails naming what failed otherwise. Predictions may still be served: see /health/ready.");
        group.MapGet("/ready", ReadyAsync).WithName("Ready")
            .WithSummary("Readiness: a model and its online snapshot are loaded, and the API has warmed up")
            .WithDescription("200 \"Healthy\" once the champion and the online snapshot are loaded and the warm-up predictions (Serving:WarmUp) have run; 503 ProblemDetails until then (or if no model could be loaded).");
        return app;
    }

    public static Task<Results<ContentHttpResult, ProblemHttpResult>> ReadyAsync(HealthCheckService health, CancellationToken cancel) =>
        Check(health, c => c.Tags.Contains(Ready), "Not ready.", cancel);

    public static Task<Results<ContentHttpResult, ProblemHttpResult>> AllAsync(HealthCheckService health, CancellationToken cancel) =>
        Check(health, null, "Not healthy.", cancel);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Check(
        HealthCheckService health, Func<HealthCheckRegistration, bool>? which, string title, CancellationToken cancel)
    {
        var report = await health.CheckHealthAsync(which, cancel);
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Text("Healthy")
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title,
                detail: string.Join(" ", report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description)));
    }
}

internal sealed class ModelLoadedCheck(ModelHost host, ServingWarmup warmUp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.Current is not { } state ? HealthCheckResult.Unhealthy("No model and snapshot loaded yet.")
            : !warmUp.Done ? HealthCheckResult.Unhealthy("Warming up: the API is sending itself its first predictions.")
            : HealthCheckResult.Healthy($"{state.Name} v{state.Champion.Version}, snapshot {state.Snapshot.BuildId}"));
}
