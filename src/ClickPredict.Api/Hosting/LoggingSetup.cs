using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace ClickPredict.Api.Hosting;

internal static class LoggingSetup
{
    private const string Readable = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {RequestId}{NewLine}{Exception}";

    /// <summary>
    /// Serilog: compact JSON in production, readable lines in development; levels from the Serilog
    /// section. Request logs carry method, path, status, time and request id — never headers, so never the API key.
    /// </summary>
    public static IHostApplicationBuilder AddApiLogging(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .Enrich.FromLogContext();
            if (development)
            {
                logger.WriteTo.Console(outputTemplate: Readable, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
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
