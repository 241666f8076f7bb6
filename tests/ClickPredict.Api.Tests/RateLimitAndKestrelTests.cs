using System.Net;
using System.Net.Http.Json;
using ClickPredict.Api.Predictions;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

[Collection(ServedLakeCollection.Name)]
public class RateLimitAndKestrelTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task Over_the_rate_limit_predictions_get_429_problem_details_with_retry_after()
    {
        using var app = fixture.With(("RateLimit:PermitsPerSecond", "1"), ("RateLimit:Burst", "3"));
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6 && limited is null; i++)
        {
            var response = await client.PostAsJsonAsync("/v1/predictions", Requests.Browsing());
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(limited);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        Assert.Equal("1", limited.Headers.GetValues("Retry-After").Single());
        await Problems.Read(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_api_answers_on_a_real_kestrel_port()
    {
        using var app = fixture.With();
        var address = app.Listen();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await http.PostAsJsonAsync("/v1/predictions?explain=true", Requests.Browsing());
        var answer = await response.Content.ReadFromJsonAsync<PredictionResponse>();

        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, answer!.Model.Version);
        Assert.NotEmpty(answer.Explanation!);
        Assert.Equal("Healthy", await http.GetStringAsync("/health/ready"));
        Assert.Contains("swagger-ui", await http.GetStringAsync("/swagger/index.html"), StringComparison.Ordinal);
    }
}
