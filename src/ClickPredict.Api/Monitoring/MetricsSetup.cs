using System.Diagnostics.Metrics;
using ClickPredict.Api.Serving;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClickPredict.Api.Monitoring;

internal static class MetricsSetup
{
    /// <summary>
    /// OpenTelemetry: the API's meter and ASP.NET Core's own (HTTP latency by route and status, Kestrel),
    /// scraped by Prometheus at /metrics; with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and traces
    /// (each request, and a prediction's validate → features → score → log) also go over OTLP.
    /// </summary>
    public static IHostApplicationBuilder AddServingMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServingMetrics>();
        var otlp = Telemetry.OtlpConfigured(builder.Configuration[Telemetry.OtlpEndpointVariable]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("clickpredict-api"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServingMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    // A scrape sees the counts of that moment, not a copy cached for 300 ms.
                    .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                // OpenTelemetry listens to meters by name, process-wide: another host in the process (the tests
                // run several) would add its counts to this one's. Only meters of this host's factory are kept.
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, provider) =>
                {
                    var own = services.GetRequiredService<IMeterFactory>();
                    provider.AddView(instrument =>
                        instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null);
                });
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(Telemetry.SourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.RequestServices.GetRequiredService<ServingWarmup>().IsWarmUp(http.Request))
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// Takes this process's own warm-up requests (<see cref="ServingWarmup"/>) out of ASP.NET Core's HTTP
    /// metrics: each start added 40 predictions no client sent to <c>http_server_request_duration</c>.
    /// </summary>
    public static IApplicationBuilder UseWarmUpOutsideMetrics(this IApplicationBuilder app)
    {
        var warmUp = app.ApplicationServices.GetRequiredService<ServingWarmup>();
        return app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics && warmUp.IsWarmUp(context.Request))
            {
                metrics.MetricsDisabled = true;
            }

            return next(context);
        });
    }

    public static IEndpointRouteBuilder MapServingMetrics(this IEndpointRouteBuilder app)
    {
        // The exporter maps every method; a scrape is a GET, anything else is 405.
        app.MapPrometheusScrapingEndpoint("/metrics")
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .ExcludeFromDescription();
        return app;
    }
}
