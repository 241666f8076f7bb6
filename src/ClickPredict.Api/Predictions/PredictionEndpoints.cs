using ClickPredict.Api.Hosting;
using ClickPredict.Api.Serving;
using ClickPredict.Features;
using ClickPredict.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ClickPredict.Api.Predictions;

internal static class PredictionEndpoints
{
    public const string AliasHeader = "X-Model-Alias";

    public static IEndpointRouteBuilder MapPredictions(this IEndpointRouteBuilder app)
    {
        // SessionValidator checks every field in one pass; the attribute-driven validation filter walked
        // the request by reflection and was half of the endpoint's time under load (D23). The attributes
        // stay: they document the contract in openapi.json.
        var group = app.MapGroup("/v1/predictions").WithTags("Predictions").RequireRateLimiting(RateLimitSetup.Policy).DisableValidation();
        group.MapPost("/", Predict).WithName("Predict")
            .WithSummary("Score one live session")
            .WithDescription("Computes the session's features with the training definitions and the online snapshot, scores them with the champion " +
                "(or the model named by the X-Model-Alias header) and decides at the model's tuned threshold. ?explain=true adds the top feature contributions.");
        group.MapPost("/batch", PredictBatch).WithName("PredictBatch")
            .WithSummary("Score many live sessions in one call")
            .WithDescription("Each session is scored as POST /v1/predictions would; answers come back in request order. One invalid session fails the whole call with its index named.");
        return app;
    }

    public static Results<Ok<PredictionResponse>, ValidationProblem, ProblemHttpResult> Predict(
        PredictionRequest request,
        [FromQuery(Name = "explain")] bool? explain,
        [FromHeader(Name = AliasHeader)] string? alias,
        [AsParameters] PredictionServices services,
        HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        SessionEvent[]? events;
        using (Telemetry.Source.StartActivity("prediction.validate"))
        {
            events = SessionValidator.Validate(request, "", services.Limits.Value, services.Clock.GetUtcNow(), errors);
        }

        if (events is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The session is not valid.");
        }

        if (Resolve(services.Host, alias, out var state, out var chosen, out var model) is { } problem)
        {
            return problem;
        }

        if (services.Scorer.Score(state!, chosen, model!, request.UserId!, events, explain ?? false, record: !services.WarmUp.IsWarmUp(http.Request)) is not { } answer)
        {
            return OutOfRange("Events");
        }

        http.Response.Headers[AliasHeader] = chosen;
        return TypedResults.Ok(answer);
    }

    public static Results<Ok<BatchPredictionResponse>, ValidationProblem, ProblemHttpResult> PredictBatch(
        BatchPredictionRequest request,
        [FromQuery(Name = "explain")] bool? explain,
        [FromHeader(Name = AliasHeader)] string? alias,
        [AsParameters] PredictionServices services,
        HttpContext http)
    {
        var limits = services.Limits.Value;
        var errors = new Dictionary<string, string[]>();
        var sessions = request.Sessions ?? [];
        if (sessions.Count == 0 || sessions.Count > limits.MaxSessionsPerBatch)
        {
            var why = sessions.Count == 0
                ? "The Sessions field is required: a batch has at least one session (minimum length 1)."
                : $"{sessions.Count} sessions; a batch may have at most {limits.MaxSessionsPerBatch} (Limits:MaxSessionsPerBatch).";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Sessions"] = [why] }, title: "The batch is not valid.");
        }

        var now = services.Clock.GetUtcNow();
        List<SessionEvent[]?> valid;
        using (Telemetry.Source.StartActivity("prediction.validate"))
        {
            valid = [.. sessions.Select((s, i) => s is null
                ? Missing(errors, $"Sessions[{i}]")
                : SessionValidator.Validate(s, $"Sessions[{i}].", limits, now, errors))];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The batch is not valid.");
        }

        if (Resolve(services.Host, alias, out var state, out var chosen, out var model) is { } problem)
        {
            return problem;
        }

        var answers = new List<PredictionResponse>(sessions.Count);
        var record = !services.WarmUp.IsWarmUp(http.Request);
        for (var i = 0; i < sessions.Count; i++)
        {
            if (services.Scorer.Score(state!, chosen, model!, sessions[i].UserId!, valid[i]!, explain ?? false, record) is not { } answer)
            {
                return OutOfRange($"Sessions[{i}].Events");
            }

            answers.Add(answer);
        }

        http.Response.Headers[AliasHeader] = chosen;
        return TypedResults.Ok(new BatchPredictionResponse(answers));
    }

    /// <summary>Validation keeps every input in range, so this is the last line: a non-finite answer is never sent.</summary>
    private static ValidationProblem OutOfRange(string field) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = ["The session's values lead to features or a score that are not finite numbers; check prices and times."] },
            title: "The session cannot be scored.");

    private static SessionEvent[]? Missing(Dictionary<string, string[]> errors, string field)
    {
        errors[field] = ["A session is required, not null."];
        return null;
    }

    /// <summary>The state and model a request scores with, read once, or the problem that prevents scoring.</summary>
    private static ProblemHttpResult? Resolve(ModelHost host, string? alias, out ServingState? state, out string chosen, out LoadedModel? model)
    {
        chosen = string.IsNullOrEmpty(alias) ? ModelAliases.Champion : alias;
        model = null;
        state = host.Current;
        if (!ModelAliases.Names.Contains(chosen))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown model alias.",
                detail: $"{AliasHeader}: '{alias}' is not an alias; use {string.Join(" or ", ModelAliases.Names)}.");
        }

        if (state is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No model is loaded.",
                detail: "The API has no model and online snapshot yet; see /health/ready and POST /v1/models/reload.");
        }

        model = state.For(chosen);
        return model is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No model behind that alias.",
                detail: $"{AliasHeader}: model {state.Name} has no {chosen}; `clickpredict models promote` or POST /v1/models/{{version}}/promote sets one.")
            : null;
    }
}
