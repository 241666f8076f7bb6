using ClickPredict.Api.Serving;

namespace ClickPredict.Api.Dashboard;

/// <summary>
/// Does the dashboard's one-off work once the model is loaded, instead of on the first page view:
/// aggregates today's prediction-log files, scores the champion's test window, and draws one chart
/// (ScottPlot's first drawing loads fonts and JIT-compiles the renderer, hundreds of milliseconds).
/// </summary>
internal sealed class DashboardWarmup(ModelHost host, LoggedScores logged, ReferenceScores reference, ScoreChart chart, TimeProvider clock) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        if (host.Current is not { } state)
        {
            return;
        }

        var (today, _) = logged.Day(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), state.Name, state.Champion.Version);
        reference.For(state.Champion);
        chart.Svg(today, null, "warm-up", "warm-up", state.Champion.Threshold);
    }, stoppingToken);
}
