using ClickPredict.Api.Serving;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
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

    /// <summary>Live: the process answers. Ready: a model and its online snapshot are loaded.</summary>
    public static IEndpointRouteBuilder MapServingHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health").WithSummary("Liveness: the process answers.");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).WithTags("Health")
            .WithSummary("Readiness: a model and its online snapshot are loaded (503 until then).");
        return app;
    }
}

internal sealed class ModelLoadedCheck(ModelHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.Current is { } state
            ? HealthCheckResult.Healthy($"{state.Name} v{state.Champion.Version}, snapshot {state.Snapshot.BuildId}")
            : HealthCheckResult.Unhealthy("No model and snapshot loaded yet."));
}
