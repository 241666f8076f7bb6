using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Configuration;

internal static class ConfigurationSetup
{
    /// <summary>Binds each section to its options class and validates all of them before the host starts.</summary>
    public static IHostApplicationBuilder AddApiOptions(this IHostApplicationBuilder builder)
    {
        Bind<ServingOptions>(builder, ServingOptions.Section);
        Bind<AdminOptions>(builder, AdminOptions.Section);
        Bind<LimitsOptions>(builder, LimitsOptions.Section);
        Bind<RateLimitOptions>(builder, RateLimitOptions.Section);
        Bind<PredictionLogOptions>(builder, PredictionLogOptions.Section);
        Bind<DriftOptions>(builder, DriftOptions.Section);
        Bind<LiveOptions>(builder, LiveOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidation>();
        return builder;
    }

    private static void Bind<T>(IHostApplicationBuilder builder, string section)
        where T : class =>
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
