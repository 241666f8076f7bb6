using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ClickPredict.Api.Predictions;

namespace ClickPredict.Api.LiveEvents;

// Public for .NET 10's validation generator, as the prediction requests are; LiveEventValidator checks every field.

/// <summary>One event as it happens in the shop.</summary>
public sealed record LiveEventRequest(
    [property: Description("Required. The event's own id (1 to 256 characters): posting it again is harmless, it counts once."), Required] string? EventId,
    [property: Description("Required. The shop's user id."), Required] string? UserId,
    [property: Description("The shop's session id, if it has one; without one, a 30-minute gap between the user's events starts a new session.")] string? SessionId,
    [property: Description("Required. When it happened: ISO 8601 with an offset, from 2000-01-01 and not in the future."), JsonConverter(typeof(OffsetTimeConverter))] DateTimeOffset? Time,
    [property: Description("Required. view, cart, remove_from_cart or purchase.")] string? Type,
    [property: Description("Required. The item's id.")] string? ItemId,
    [property: Description("The item's category id, if known.")] string? Category,
    [property: Description("The item's brand, if known.")] string? Brand,
    [property: Description("The price, if any: a finite number from 0 to 1,000,000,000.")] double? Price);

/// <summary>Many events in one call.</summary>
public sealed record LiveEventBatchRequest(
    [property: Description("The events (1 to Limits:MaxEventsPerPost)."), Required, MinLength(1)] List<LiveEventRequest>? Events);

/// <summary>What a post did: events applied to the live history, repeats of events already recorded, and events older than the snapshot's cutoff (kept in the log, not applied: the snapshot already covers that time).</summary>
public sealed record LiveEventsResponse(
    [property: Description("Events applied to the live history.")] int Applied,
    [property: Description("Events whose id was recorded before: counted once.")] int Duplicates,
    [property: Description("Events from before the online snapshot's cutoff: logged, not applied.")] int BeforeSnapshot);
