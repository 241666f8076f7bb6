using System.Net.Http.Json;
using ClickPredict.Api.Predictions;

namespace ClickPredict.Api.Tests.Support;

/// <summary>Builders for request bodies and a reader for answers.</summary>
internal static class Requests
{
    public static readonly DateTimeOffset Start = new(2024, 1, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A browsing session: views of a few items in one category, a cart at the end when <paramref name="cart"/>.</summary>
    public static PredictionRequest Browsing(string user = "u000001", int events = 5, bool cart = true) =>
        new(user, [.. Enumerable.Range(0, events).Select(i => new SessionEventRequest(
            Start.AddSeconds(40 * i), cart && i == events - 1 ? "cart" : "view", $"i{i % 3:0000000}", "c001", "b001", 10 + i))]);

    public static async Task<PredictionResponse> Predict(this HttpClient client, PredictionRequest request, string? alias = null, bool explain = false)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, explain ? "/v1/predictions?explain=true" : "/v1/predictions") { Content = JsonContent.Create(request) };
        if (alias is not null)
        {
            message.Headers.Add("X-Model-Alias", alias);
        }

        using var response = await client.SendAsync(message);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PredictionResponse>())!;
    }
}
