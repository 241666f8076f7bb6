using System.Threading.RateLimiting;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Serving;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Hosting;

internal static class RateLimitSetup
{
    public const string Policy = "per-client";

    /// <summary>A token bucket per client address (RateLimit section); over it, 429 ProblemDetails with Retry-After.</summary>
    public static IHostApplicationBuilder AddApiRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return options.Enabled && !context.RequestServices.GetRequiredService<ServingWarmup>().IsWarmUp(context.Request)
                    ? RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.Burst,
                        TokensPerPeriod = options.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("off");
            });
            limiter.OnRejected = async (context, cancel) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = "The rate limit (RateLimit section) was reached; retry after a second." },
                });
            };
        });
        return builder;
    }
}
