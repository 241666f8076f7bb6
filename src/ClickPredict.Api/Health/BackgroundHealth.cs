using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClickPredict.Api.Health;

/// <summary>
/// How the API's background jobs (dashboard warm-up, scheduled drift) last ended. A failed job never
/// stops the host: it reports here, GET /health shows it as unhealthy with the reason, and the job
/// retries. Readiness is not affected: predictions are served while a background job is failing.
/// </summary>
internal sealed class BackgroundHealth(TimeProvider clock) : IHealthCheck
{
    private readonly ConcurrentDictionary<string, string> failures = new(StringComparer.Ordinal);

    public void Succeeded(string job) => failures.TryRemove(job, out _);

    public void Failed(string job, string reason) => failures[job] = $"{job} failed at {clock.GetUtcNow():u}: {reason}";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(failures.IsEmpty
            ? HealthCheckResult.Healthy("Background jobs are running.")
            : HealthCheckResult.Unhealthy(string.Join(" ", failures.Values.Order(StringComparer.Ordinal))));
}
