namespace ClickPredict.Api.PredictionLog;

internal static class PredictionLogSetup
{
    public static IHostApplicationBuilder AddPredictionLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PredictionLogWriter>();
        builder.Services.AddHostedService(s => s.GetRequiredService<PredictionLogWriter>());
        return builder;
    }
}
