using Serilog;
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
            logger.ReadFrom.Configuration(builder.Configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
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

    public static IApplicationBuilder UseApiRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
            options.EnrichDiagnosticContext = (context, http) => context.Set("RequestId", http.TraceIdentifier));
}
