namespace ClickPredict.Api.Monitoring;

internal static class DriftSetup
{
    /// <summary>The latest drift report and the background recompute that keeps it current.</summary>
    public static IHostApplicationBuilder AddDriftMonitoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LatestDrift>();
        builder.Services.AddHostedService<DriftSchedule>();
        return builder;
    }
}
