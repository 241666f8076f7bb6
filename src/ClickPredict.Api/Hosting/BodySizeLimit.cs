using ClickPredict.Api.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Hosting;

/// <summary>
/// Applies Limits:MaxBodyBytes: a declared length over it is refused at once with 413, and the
/// server's own limit catches chunked bodies that grow past it while being read.
/// </summary>
internal sealed class BodySizeLimit(RequestDelegate next, IOptions<LimitsOptions> limits, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var max = limits.Value.MaxBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        if (context.Request.ContentLength > max)
        {
            await problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                $"body: {context.Request.ContentLength} bytes; the limit is {max} (Limits:MaxBodyBytes).");
            return;
        }

        await next(context);
    }
}
