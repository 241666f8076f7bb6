using Serilog;
using Serilog.Formatting.Compact;

namespace ClickPredict.Api.Hosting;

/// <summary>
/// The bootstrap logger: one line of compact JSON on the console for a start-up failure (bad
/// settings, no port), which the configured logger cannot report because it is built from those
/// settings. Local, not Serilog's static bootstrap logger: the tests run many hosts in one process.
/// </summary>
internal static class StartupLog
{
    public static void Fatal(Exception error)
    {
        using var logger = new LoggerConfiguration().WriteTo.Console(new RenderedCompactJsonFormatter()).CreateLogger();
        logger.Fatal(error, "The API could not start: {Reason}", error.Message);
    }
}
