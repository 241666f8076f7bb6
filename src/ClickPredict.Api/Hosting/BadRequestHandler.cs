using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ClickPredict.Api.Hosting;

/// <summary>
/// Turns what the framework rejects before a handler runs (malformed or wrong-typed JSON, unknown
/// properties, bad query values, bodies over the limit, wrong media types) into ProblemDetails with
/// the status the framework chose and the field at fault. The framework's own messages name .NET
/// types and echo whole values, so each is rewritten to the field and the rule, values cut short;
/// every other exception stays a plain 500 ProblemDetails without details.
/// </summary>
internal sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
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
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The request body's media type is not supported.",
                    _ => "The request could not be read.",
                },
                Detail = Describe(bad),
            };
        problem.Status = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary><c>$.events[2].time</c> → <c>Events[2].Time</c>, as the validation framework spells paths; the root is <c>Body</c>.</summary>
    private static string Field(string? path)
    {
        var field = path is null or "$" ? "Body" : string.Join('.', path.TrimStart('$', '.').Split('.').Select(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]));
        return field.Length <= Echo.MaxLength ? field : field[..Echo.MaxLength] + "…";
    }

    private static string Describe(JsonException json)
    {
        var message = json.Message;
        // The framework's messages name our CLR types; say what the client did instead.
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return "The value has the wrong type or format for this field (see the schema in /swagger).";
        }

        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
        {
            return $"Unknown property {Echo.Quote(unmapped.Groups["name"].Value)}; the schema allows no other properties (see /swagger).";
        }

        if (DuplicateProperty().Match(message) is { Success: true } duplicate)
        {
            return $"Property {Echo.Quote(duplicate.Groups["name"].Value)} appears more than once.";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return message.Length > 4 * Echo.MaxLength || message.Contains("type '", StringComparison.Ordinal) || message.Contains("System.", StringComparison.Ordinal)
            ? "The body is not valid JSON for this endpoint (see the schema in /swagger)."
            : message;
    }

    private static string Describe(BadHttpRequestException bad)
    {
        var message = bad.Message;
        if (BindFailure().Match(message) is { Success: true } failed)
        {
            return $"{failed.Groups["name"].Value}: {Echo.Quote(failed.Groups["value"].Value)} is not {Expected(failed.Groups["type"].Value)}.";
        }

        if (MissingParameter().Match(message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? "The request body is required: a JSON object (see /swagger)."
                : $"{missing.Groups["name"].Value} is required in the {missing.Groups["source"].Value}.";
        }

        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The body is over the limit (Limits:MaxBodyBytes).",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json (UTF-8).",
            _ => "The request could not be read; see /swagger for what this endpoint accepts.",
        };
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("bool", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("double", StringComparison.Ordinal) => "a number",
        _ => "a valid value for it (see /swagger)",
    };

    [GeneratedRegex("""^The JSON property '(?<name>.*)' could not be mapped""", RegexOptions.Singleline)]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("""^Duplicate property '(?<name>.*)' encountered""", RegexOptions.Singleline)]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.*) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>.*) (?<name>[^ "]+)" was not provided from (?<source>[a-z ]+)\.$""", RegexOptions.Singleline)]
    private static partial Regex MissingParameter();
}
