namespace ClickPredict.Api.Hosting;

/// <summary>How a middleware that answers before any endpoint (body size, charset) writes its ProblemDetails.</summary>
internal static class ProblemResponses
{
    public static async Task WriteAsync(this IProblemDetailsService problems, HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
