using ClickPredict.Api.Configuration;
using ClickPredict.Api.Hosting;
using ClickPredict.Api.Predictions;
using ClickPredict.Api.Serving;
using ClickPredict.Features;
using ClickPredict.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.LiveEvents;

/// <summary>What the live event handlers need, bound as one parameter.</summary>
internal sealed record LiveEventServices(ModelHost Host, LiveState Live, IOptions<LimitsOptions> Limits, TimeProvider Clock);

/// <summary>
/// <c>POST /v1/events</c> and <c>/v1/events/batch</c>: the shop's events as they happen, validated as
/// predictions are (every field named in a 400), logged to the disk, then applied to the live history
/// the next predictions read (<see cref="LiveState"/>).
/// </summary>
internal static class LiveEventEndpoints
{
    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/events").WithTags("Events").RequireRateLimiting(RateLimitSetup.Policy).DisableValidation();
        group.MapPost("/", Post).WithName("PostEvent")
            .WithSummary("Record one event as it happens")
            .WithDescription("Logs the event durably, then updates the live user, item and category history predictions read " +
                "(history strictly before each session's start, as training defines it). Idempotent by eventId.");
        group.MapPost("/batch", PostBatch).WithName("PostEvents")
            .WithSummary("Record many events in one call")
            .WithDescription("As POST /v1/events for each event; one invalid event fails the whole call with its index named, and nothing is recorded.");
        return app;
    }

    public static Task<Results<Ok<LiveEventsResponse>, ValidationProblem, ProblemHttpResult>> Post(LiveEventRequest request, [AsParameters] LiveEventServices services) =>
        Record([request], "", services);

    public static async Task<Results<Ok<LiveEventsResponse>, ValidationProblem, ProblemHttpResult>> PostBatch(LiveEventBatchRequest request, [AsParameters] LiveEventServices services)
    {
        var events = request.Events ?? [];
        var limit = services.Limits.Value.MaxEventsPerPost;
        if (events.Count == 0 || events.Count > limit)
        {
            var why = events.Count == 0
                ? "The Events field is required: a batch has at least one event (minimum length 1)."
                : $"{events.Count} events; a batch may have at most {limit} (Limits:MaxEventsPerPost).";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Events"] = [why] }, title: "The batch is not valid.");
        }

        return await Record(events, "Events", services);
    }

    private static async Task<Results<Ok<LiveEventsResponse>, ValidationProblem, ProblemHttpResult>> Record(
        IReadOnlyList<LiveEventRequest?> requests, string prefix, LiveEventServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var now = services.Clock.GetUtcNow();
        var latest = now + services.Limits.Value.MaxClockSkew;
        var events = new List<LiveEvent>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var at = prefix.Length == 0 ? "" : $"{prefix}[{i}].";
            if (requests[i] is not { } r)
            {
                SessionValidator.Add(errors, $"{prefix}[{i}]", "An event is required, not null.");
                continue;
            }

            SessionValidator.Id(errors, at + "EventId", r.EventId, required: true);
            SessionValidator.Id(errors, at + "UserId", r.UserId, required: true);
            SessionValidator.Id(errors, at + "SessionId", r.SessionId, required: false);
            var field = prefix.Length == 0 ? "" : $"{prefix}[{i}]";
            if (SessionValidator.Event(r.Time, r.Type, r.ItemId, r.Category, r.Brand, r.Price, field, allowPurchase: true, now, latest, errors) is { } e
                && errors.Count == 0)
            {
                events.Add(new LiveEvent(r.EventId!, r.UserId!, r.SessionId, EpochMicros.Of(e.Time), e.Type, e.ItemId, e.Category, e.Price, e.Brand));
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: prefix.Length == 0 ? "The event is not valid." : "The batch is not valid.");
        }

        if (services.Host.Current is not { } state)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No online snapshot is loaded.",
                detail: "The API has no model and online snapshot yet; see /health/ready and POST /v1/models/reload.");
        }

        var outcomes = await services.Live.RecordAsync(state.Snapshot, events);
        return TypedResults.Ok(new LiveEventsResponse(
            outcomes.Count(o => o == LiveOutcome.Applied), outcomes.Count(o => o == LiveOutcome.Duplicate), outcomes.Count(o => o == LiveOutcome.BeforeSnapshot)));
    }
}
