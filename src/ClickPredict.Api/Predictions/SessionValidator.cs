using ClickPredict.Api.Configuration;
using ClickPredict.Events;
using ClickPredict.Features;

namespace ClickPredict.Api.Predictions;

/// <summary>
/// What DataAnnotations cannot say about a session (they have run before this: required fields,
/// lengths, prices): the configured size limit, event type names and times in the future. Turns the session into sorted <see cref="SessionEvent"/>s, or adds errors keyed by the
/// field's path in the validation framework's spelling (<c>Events[3].Type</c>).
/// </summary>
internal static class SessionValidator
{
    public const int MaxIdLength = 256;

    public static SessionEvent[]? Validate(PredictionRequest request, string prefix, LimitsOptions limits, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var events = request.Events ?? [];
        if (events.Count > limits.MaxEventsPerSession)
        {
            Add(errors, prefix + "Events", $"{events.Count} events; a session may have at most {limits.MaxEventsPerSession} (Limits:MaxEventsPerSession).");
            return null;
        }

        var before = errors.Count;
        var latest = now + limits.MaxClockSkew;
        var result = new SessionEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var at = $"{prefix}Events[{i}]";
            if (events[i] is not { Time: { } time, ItemId: { } item } e)
            {
                Add(errors, at, "An event needs at least a time, a type and an item id.");
                continue;
            }

            if (time > latest)
            {
                Add(errors, at + ".Time", $"{time:O} is in the future (server time {now:O}).");
            }

            if (Type(e.Type) is not { } type)
            {
                Add(errors, at + ".Type", $"'{e.Type}' is not an event type; use {string.Join(", ", CanonicalEventTypes.All)}.");
                continue;
            }

            result[i] = new SessionEvent(time.UtcDateTime, type, item, e.Category, e.Price, e.Brand);
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

    private static EventType? Type(string? name) => name switch
    {
        CanonicalEventTypes.View => EventType.View,
        CanonicalEventTypes.Cart => EventType.Cart,
        CanonicalEventTypes.RemoveFromCart => EventType.RemoveFromCart,
        CanonicalEventTypes.Purchase => EventType.Purchase,
        _ => null,
    };

    private static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
