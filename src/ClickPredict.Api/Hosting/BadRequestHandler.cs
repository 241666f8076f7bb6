using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ClickPredict.Api.Hosting;

/// <summary>
/// Turns what the framework rejects before a handler runs (malformed or wrong-typed JSON, bad query
/// values, bodies over the limit) into ProblemDetails with the status the framework chose and the
/// field at fault; every other exception stays a plain 500 ProblemDetails without details.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        ProblemDetails problem = bad.InnerException is JsonException json
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field(json.Path)] = [Describe(json)] })
            {
                Title = "The request body is not valid JSON for this endpoint.",
            }
            : new ProblemDetails
            {
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
                Detail = bad.Message,
            };
        problem.Status = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary><c>$.events[2].time</c> → <c>Events[2].Time</c>, as the validation framework spells paths; the root is <c>Body</c>.</summary>
    private static string Field(string? path) =>
        path is null or "$" ? "Body" : string.Join('.', path.TrimStart('$', '.').Split('.').Select(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]));

    private static string Describe(JsonException json)
    {
        var message = json.Message;
        // "The JSON value could not be converted to <some CLR type>" names our types, not the client's mistake.
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return "The value has the wrong type or format for this field (see the schema in /swagger).";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
