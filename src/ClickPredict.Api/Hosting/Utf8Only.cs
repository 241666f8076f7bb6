using Microsoft.Net.Http.Headers;

namespace ClickPredict.Api.Hosting;

/// <summary>
/// JSON between systems is UTF-8 (RFC 8259 §8.1). A body declaring another charset is 415 here,
/// before the framework tries to decode it: an unknown or empty charset otherwise fails deep in
/// the JSON reader as a 500, and latin1 or UTF-16 would be decoded into different ids than the
/// shop sent. <c>charset="utf-8"</c>, quoted as RFC 9110 allows, is normalised so the reader takes it.
/// </summary>
internal sealed class Utf8Only(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var declared = context.Request.ContentType;
        if (declared is null || !declared.Contains("charset", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (MediaTypeHeaderValue.TryParse(declared, out var type) && type.Charset.HasValue
            && HeaderUtilities.RemoveQuotes(type.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            type.Charset = "utf-8";
            context.Request.ContentType = type.ToString();
            await next(context);
            return;
        }

        await problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "The request body's media type is not supported.",
            $"Content-Type: charset {Echo.Quote(type?.Charset.Value ?? "")} is not accepted; send application/json in UTF-8 (no charset, or charset=utf-8).");
    }
}
