using Prometheus;

namespace ClickPredict.Api.Monitoring;

internal static class MetricsSetup
{
    public static IHostApplicationBuilder AddServingMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServingMetrics>();
        return builder;
    }

    /// <summary>Counts and times every request (by endpoint, not raw path, so ids do not explode the label set).</summary>
    public static IApplicationBuilder UseServingMetrics(this IApplicationBuilder app)
    {
        var registry = app.ApplicationServices.GetRequiredService<ServingMetrics>().Registry;
        return app.UseHttpMetrics(options => options.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(registry)));
    }

    public static IEndpointRouteBuilder MapServingMetrics(this IEndpointRouteBuilder app)
    {
        // prometheus-net maps every method; a scrape is a GET, anything else is 405.
        app.MapMetrics("/metrics", app.ServiceProvider.GetRequiredService<ServingMetrics>().Registry)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .ExcludeFromDescription();
        return app;
    }
}
