using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Predictions;

namespace ClickPredict.Api.Serving;

internal static class ServingSetup
{
    public static IHostApplicationBuilder AddModelServing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ModelHost>();
        builder.Services.AddSingleton<SessionScorer>();
        builder.Services.AddSingleton<LiveState>();
        builder.Services.AddHostedService<LiveFlushSchedule>();
        builder.Services.AddHostedService<ModelStartup>();
        builder.Services.AddSingleton<ServingWarmup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ServingWarmup>());
        return builder;
    }
}
