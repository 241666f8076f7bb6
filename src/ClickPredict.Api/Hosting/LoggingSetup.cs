using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace ClickPredict.Api.Hosting;

internal static class LoggingSetup
{
    /// <summary>
    /// Serilog from configuration: sinks, levels and enrichers come from the Serilog section
    /// (appsettings.Production.json writes compact JSON to the console, appsettings.Development.json
    /// readable lines); nothing here overrides them. An environment whose settings name no sink gets
    /// the console in compact JSON, so the API is never silent. Request logs carry method, path,
    /// status, time and request id — never headers, so never the API key.
    /// </summary>
    public static IHostApplicationBuilder AddApiLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            logger.ReadFrom.Configuration(configuration).ReadFrom.Services(services);
            if (!configuration.GetSection("Serilog:WriteTo").Exists())
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        });
        return builder;
    }

    /// <summary>
    /// One line per request with its request id; successful predictions at Debug only, since the
    /// prediction log records each of them and a console line per prediction cost a quarter of the throughput.
    /// </summary>
    public static IApplicationBuilder UseApiRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.EnrichDiagnosticContext = (context, http) => context.Set("RequestId", http.TraceIdentifier);
            options.GetLevel = (http, _, error) =>
                error is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : http.Response.StatusCode >= 400 ? LogEventLevel.Warning
                : http.Request.Path.StartsWithSegments("/v1/predictions", StringComparison.Ordinal) ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
}
