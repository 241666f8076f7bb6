using ClickPredict.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClickPredict.Api.Health;

internal static class HealthSetup
{
    private const string Ready = "ready";

    public static IHostApplicationBuilder AddServingHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<ModelLoadedCheck>("model", tags: [Ready]);
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
        group.MapGet("/ready", ReadyAsync).WithName("Ready")
            .WithSummary("Readiness: a model and its online snapshot are loaded")
            .WithDescription("200 \"Healthy\" once the champion and the online snapshot are loaded; 503 ProblemDetails until then (or if no model could be loaded).");
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReadyAsync(HealthCheckService health, CancellationToken cancel)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(Ready), cancel);
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Text("Healthy")
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready.",
                detail: string.Join(" ", report.Entries.Values.Select(e => e.Description)));
    }
}

internal sealed class ModelLoadedCheck(ModelHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.Current is { } state
            ? HealthCheckResult.Healthy($"{state.Name} v{state.Champion.Version}, snapshot {state.Snapshot.BuildId}")
            : HealthCheckResult.Unhealthy("No model and snapshot loaded yet."));
}
