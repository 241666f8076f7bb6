using ClickPredict.Api.Health;
using ClickPredict.Api.Hosting;
using ClickPredict.Api.Serving;

namespace ClickPredict.Api.Dashboard;

/// <summary>
/// Does the dashboard's one-off work once the model is loaded, instead of on the first page view:
/// aggregates today's prediction-log files, scores the champion's test window, and draws one chart
/// (ScottPlot's first drawing loads fonts and JIT-compiles the renderer, hundreds of milliseconds).
/// A failure is logged, shown by GET /health and retried with a growing pause; it never stops the API.
/// </summary>
internal sealed class DashboardWarmup(
    ModelHost host, LoggedScores logged, ReferenceScores reference, ScoreChart chart, TimeProvider clock, BackgroundHealth health, ILogger<DashboardWarmup> log)
    : BackgroundService
{
    public const string Job = "dashboard warm-up";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = FirstRetry;
        try
        {
            while (true)
            {
                try
                {
                    await Task.Run(WarmUp, stoppingToken);
                    health.Succeeded(Job);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "The dashboard warm-up failed; retrying in {Pause}", pause);
                    health.Failed(Job, Echo.WithoutPaths(e.Message));
                }

                await Task.Delay(pause, clock, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LastRetry.Ticks));
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }

    private void WarmUp()
    {
        if (host.Current is not { } state)
        {
            return;
        }

        var (today, _) = logged.Day(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), state.Name, state.Champion.Version);
        reference.For(state.Champion);
        chart.Svg(today, null, "warm-up", "warm-up", state.Champion.Threshold);
    }
}
