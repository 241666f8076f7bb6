using System.Diagnostics;
using System.Globalization;
using ClickPredict.Training;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClickPredict.Api.Dashboard;

internal static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        // Created now, not on the first page view, so the traffic figures cover the whole run.
        app.ServiceProvider.GetRequiredService<LiveTraffic>();
        var group = app.MapGroup("/dashboard").ExcludeFromDescription();
        group.MapGet("/", Page).WithName("Dashboard");
        group.MapGet("/models/{version:int}/{plot}", Plot).WithName("DashboardPlot");
        return app;
    }

    /// <summary>The dashboard page; its server time goes out in a Server-Timing header.</summary>
    private static ContentHttpResult Page(HttpContext context, [AsParameters] DashboardServices services)
    {
        var started = Stopwatch.GetTimestamp();
        var html = DashboardPage.Render(View(services));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"render;dur={elapsed:F1}");
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>A plot of a registered version, from the registry folder; only the report's own plot files are served.</summary>
    private static Results<PhysicalFileHttpResult, NotFound> Plot(int version, string plot, [AsParameters] DashboardServices services)
    {
        var registry = services.Host.Registry;
        var name = services.Serving.Value.ModelName;
        if (!ReportPlots.Files.Contains(plot) || !registry.Versions(name).Contains(version))
        {
            return TypedResults.NotFound();
        }

        var path = Path.Combine(registry.VersionFolder(name, version), plot);
        return File.Exists(path) ? TypedResults.PhysicalFile(path, "image/png") : TypedResults.NotFound();
    }

    internal static DashboardView View(DashboardServices services)
    {
        var state = services.Host.Current;
        var now = services.Clock.GetUtcNow();
        var (today, files) = state is null ? (ScoreHistogram.Empty, 0) : services.Logged.Day(DateOnly.FromDateTime(now.UtcDateTime), state.Name, state.Champion.Version);
        var reference = state is null ? null : services.Reference.For(state.Champion);
        var chart = state is null || (today.Total == 0 && reference is null)
            ? null
            : services.Chart.Svg(today, reference?.Scores, $"today, champion v{state.Champion.Version}", "test window (training)", state.Champion.Threshold);
        return new DashboardView(now, services.Serving.Value.ModelName, state, services.Traffic.Since, services.Traffic.Summary(), services.Decisions.Counts(),
            today, files, services.Logged.Folder, reference, chart, services.Monitoring.Load())
        {
            Rejected = Rejected(services.Host.Registry, services.Serving.Value.ModelName),
        };
    }

    private static List<ClickPredict.Registry.ModelCard> Rejected(ClickPredict.Registry.ModelRegistry registry, string name) =>
        [.. registry.Versions(name).Reverse().Take(10).Select(v => registry.Card(name, v)).Where(c => c.Rejected is not null)];
}
