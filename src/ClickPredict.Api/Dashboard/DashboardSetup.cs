namespace ClickPredict.Api.Dashboard;

internal static class DashboardSetup
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveTraffic>();
        builder.Services.AddSingleton<DecisionMix>();
        builder.Services.AddSingleton<LoggedScores>();
        builder.Services.AddSingleton<ReferenceScores>();
        builder.Services.AddSingleton<ScoreChart>();
        builder.Services.AddSingleton<MonitoringPanels>();
        builder.Services.AddHostedService<DashboardWarmup>();
        return builder;
    }
}
