using System.Net;
using System.Net.Http.Json;
using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Predictions;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Storage;

namespace ClickPredict.Api.Tests.Support;

/// <summary>Live events and sessions read from silver, as a shop would post them to the API.</summary>
internal static class LiveEventRequests
{
    /// <summary>Posts the events to /v1/events/batch and reads the answer (which must be a 200).</summary>
    public static async Task<LiveEventsResponse> PostEvents(this HttpClient client, IEnumerable<LiveEvent> events)
    {
        using var response = await client.PostAsJsonAsync("/v1/events/batch", new
        {
            events = events.Select(e => new
            {
                eventId = e.EventId,
                userId = e.UserId,
                sessionId = e.SessionId,
                time = EpochMicros.ToTime(e.Micros).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                type = CanonicalEventTypes.All[(int)e.Type],
                itemId = e.ItemId,
                category = e.Category,
                price = e.Price,
                brand = e.Brand,
            }).ToList(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LiveEventsResponse>())!;
    }

    /// <summary>The prediction request for a session's first <paramref name="cut"/> events.</summary>
    public static PredictionRequest Prefix(string userId, IEnumerable<SessionEvent> session, int cut) =>
        new(userId, [.. session.Take(cut).Select(e =>
            new SessionEventRequest(new DateTimeOffset(e.Time, TimeSpan.Zero), CanonicalEventTypes.All[(int)e.Type], e.ItemId, e.Category, e.Brand, e.Price))]);
}
