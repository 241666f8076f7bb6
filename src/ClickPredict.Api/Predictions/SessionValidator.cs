using System.Globalization;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Hosting;
using ClickPredict.Events;
using ClickPredict.Features;

namespace ClickPredict.Api.Predictions;

/// <summary>
/// What DataAnnotations do not check (they have run on the user id and the event list before this):
/// the configured size limit and every event's fields — required ones, id lengths, event type names
/// (no purchase: the model scores sessions before their first one), times between 2000 and now,
/// prices within <see cref="PriceRule"/> — in one pass without reflection. Turns the session into sorted <see cref="SessionEvent"/>s, or adds errors keyed by the
/// field's path in the validation framework's spelling (<c>Events[3].Type</c>).
/// </summary>
internal static class SessionValidator
{
    public const int MaxIdLength = 256;

    /// <summary>The event types a live session may hold: all but purchase.</summary>
    private static readonly string[] Scored = [.. CanonicalEventTypes.All.Where(t => t != CanonicalEventTypes.Purchase)];

    public static SessionEvent[]? Validate(PredictionRequest request, string prefix, LimitsOptions limits, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var events = request.Events ?? [];
        if (events.Count > limits.MaxEventsPerSession)
        {
            Add(errors, prefix + "Events", $"{events.Count} events; a session may have at most {limits.MaxEventsPerSession} (Limits:MaxEventsPerSession).");
            return null;
        }

        var before = errors.Count;
        Id(errors, prefix + "UserId", request.UserId, required: true);
        if (events.Count == 0)
        {
            Add(errors, prefix + "Events", "The Events field is required: a session has at least one event (minimum length 1).");
        }

        var latest = now + limits.MaxClockSkew;
        var result = new SessionEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var at = $"{prefix}Events[{i}]";
            if (events[i] is not { } e)
            {
                Add(errors, at, "An event is required, not null.");
                continue;
            }

            if (Event(e.Time, e.Type, e.ItemId, e.Category, e.Brand, e.Price, at, allowPurchase: false, now, latest, errors) is { } valid)
            {
                result[i] = valid;
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        // The events are one session as the caller defines it, as a source's session ids define one in
        // silver; no gap test here, since sessions with source ids may hold 30-minute gaps in training too.
        SessionEventOrder.Sort(result);
        return result;
    }

    /// <summary>
    /// One event's fields checked (errors keyed under <paramref name="at"/>), or null. A purchase is an
    /// error unless <paramref name="allowPurchase"/>: a live session is scored before its first one.
    /// </summary>
    internal static SessionEvent? Event(
        DateTimeOffset? time, string? typeName, string? itemId, string? category, string? brand, double? price, string at, bool allowPurchase,
        DateTimeOffset now, DateTimeOffset latest, Dictionary<string, string[]> errors)
    {
        var before = errors.Count;
        if (time is not { } when)
        {
            Add(errors, Field(at, "Time"), "The Time field is required.");
        }
        else if (when > latest)
        {
            Add(errors, Field(at, "Time"), $"{when:O} is in the future (server time {now:O}).");
        }
        else if (when.UtcDateTime < IngestOptions.EarliestEventTime)
        {
            Add(errors, Field(at, "Time"), $"{when:O} is before {IngestOptions.EarliestEventTime:yyyy-MM-dd}, the earliest event time ingest accepts.");
        }

        var type = Type(typeName);
        if (type is null)
        {
            Add(errors, Field(at, "Type"), typeName is null ? "The Type field is required." : $"{Echo.Quote(typeName)} is not an event type; use {string.Join(", ", allowPurchase ? CanonicalEventTypes.All : Scored)}.");
        }
        else if (type == EventType.Purchase && !allowPurchase)
        {
            // The model is trained on prefixes cut before a session's first purchase; after it the question is answered.
            Add(errors, Field(at, "Type"), "The session already has a purchase; predictions are for sessions before their first purchase. " +
                "Send the events before it, or start a new session.");
        }

        Id(errors, Field(at, "ItemId"), itemId, required: true);
        Id(errors, Field(at, "Category"), category, required: false);
        Id(errors, Field(at, "Brand"), brand, required: false);
        if (price is { } value && !PriceRule.IsValid(value))
        {
            Add(errors, Field(at, "Price"), $"The Price field must be {PriceRule.Description} (or absent), not {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return errors.Count > before ? null : new SessionEvent(time!.Value.UtcDateTime, type!.Value, itemId!, category, price, brand);
    }

    private static string Field(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

    private static EventType? Type(string? name) => name switch
    {
        CanonicalEventTypes.View => EventType.View,
        CanonicalEventTypes.Cart => EventType.Cart,
        CanonicalEventTypes.RemoveFromCart => EventType.RemoveFromCart,
        CanonicalEventTypes.Purchase => EventType.Purchase,
        _ => null,
    };

    internal static void Id(Dictionary<string, string[]> errors, string field, string? value, bool required)
    {
        if (value is null ? required : value.Length is 0 or > MaxIdLength || string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl))
        {
            Add(errors, field, value is null
                ? $"The {field[(field.LastIndexOf('.') + 1)..]} field is required."
                : $"The {field[(field.LastIndexOf('.') + 1)..]} field must be 1 to {MaxIdLength} characters, not blank, without control characters.");
        }
    }

    internal static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
