using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClickPredict.Api.Predictions;

// The request records are public because .NET 10's validation generator (AddValidation) only sees public types.
// Their DataAnnotations document the contract (openapi.json); the prediction endpoints turn the validation filter
// off and SessionValidator checks every field, the same rules, in its one pass over the events (D23).

/// <summary>A live session: who is browsing and the events of the session so far, in any order.</summary>
public sealed record PredictionRequest(
    [property: Description("The shop's user id; unknown users score with no history."), Required, StringLength(SessionValidator.MaxIdLength, MinimumLength = 1)] string? UserId,
    [property: Description("The events of the current session so far (at least one). Out-of-order events are sorted as ingest sorts them."), Required, MinLength(1)] List<SessionEventRequest>? Events);

/// <summary>One event of the session, as the shop's front end saw it.</summary>
public sealed record SessionEventRequest(
    [property: Description("Required. When it happened: ISO 8601 date and time with an offset (Z or ±hh:mm), from 2000-01-01 and not in the future."), JsonConverter(typeof(OffsetTimeConverter))] DateTimeOffset? Time,
    [property: Description("Required. view, cart or remove_from_cart. A session that already holds a purchase is refused (400): the model predicts before the first purchase.")] string? Type,
    [property: Description("Required. The item's id (1 to 256 characters).")] string? ItemId,
    [property: Description("The item's category id, if known.")] string? Category,
    [property: Description("The item's brand, if known.")] string? Brand,
    [property: Description("The price shown, if any: a finite number from 0 to 1,000,000,000.")] double? Price);

/// <summary>Many live sessions scored in one call.</summary>
public sealed record BatchPredictionRequest(
    [property: Description("The sessions to score (1 to Limits:MaxSessionsPerBatch)."), Required, MinLength(1)] List<PredictionRequest>? Sessions);
