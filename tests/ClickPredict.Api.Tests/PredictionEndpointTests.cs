using System.Net;
using System.Net.Http.Json;
using ClickPredict.Api.Predictions;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Features;

namespace ClickPredict.Api.Tests;

[Collection(ServedLakeCollection.Name)]
public class PredictionEndpointTests(ServedLakeFixture fixture)
{
    private readonly HttpClient client = fixture.App.CreateClient();

    [Fact]
    public async Task A_session_gets_a_probability_a_decision_at_the_threshold_and_the_champion()
    {
        var answer = await client.Predict(Requests.Browsing());

        Assert.InRange(answer.Probability, 0, 1);
        Assert.Equal(answer.Probability >= answer.Threshold ? PredictionResponse.Purchase : PredictionResponse.NoPurchase, answer.Decision);
        Assert.Equal(fixture.Lake.Registry.Card(ServedLake.ModelName, 1).Threshold.Value, answer.Threshold);
        Assert.Equal(new ModelRef(ServedLake.ModelName, 1, "champion"), answer.Model);
        Assert.Equal(FeatureSetVersion.Current, answer.FeatureSetVersion);
        Assert.Null(answer.Explanation);
    }

    [Fact]
    public async Task A_cart_raises_the_probability_over_the_same_views_without_it()
    {
        var withCart = await client.Predict(Requests.Browsing(cart: true));
        var viewsOnly = await client.Predict(Requests.Browsing(cart: false));

        Assert.True(withCart.Probability > viewsOnly.Probability, $"{withCart.Probability} vs {viewsOnly.Probability}");
    }

    [Fact]
    public async Task The_alias_header_routes_to_the_challenger_and_the_answer_says_so()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/predictions") { Content = JsonContent.Create(Requests.Browsing()) };
        message.Headers.Add("X-Model-Alias", "challenger");
        using var response = await client.SendAsync(message);
        var answer = await response.Content.ReadFromJsonAsync<PredictionResponse>();

        Assert.Equal(new ModelRef(ServedLake.ModelName, 2, "challenger"), answer!.Model);
        Assert.Equal("challenger", response.Headers.GetValues("X-Model-Alias").Single());
        Assert.NotEqual((await client.Predict(Requests.Browsing())).Probability, answer.Probability);
    }

    [Fact]
    public async Task Explain_lists_the_top_contributions_with_the_feature_values()
    {
        var session = Requests.Browsing(events: 7);
        var answer = await client.Predict(session, explain: true);

        var explanation = Assert.IsAssignableFrom<IReadOnlyList<FeatureContribution>>(answer.Explanation);
        Assert.InRange(explanation.Count, 3, 8);
        Assert.Equal(explanation.OrderByDescending(c => Math.Abs(c.Contribution)).Select(c => c.Feature), explanation.Select(c => c.Feature));
        Assert.All(explanation, c => Assert.Contains(c.Feature, FeatureCatalog.Names));
        if (explanation.FirstOrDefault(c => c.Feature == "prefix_events") is { } events)
        {
            Assert.Equal(7, events.Value);
        }

        Assert.Contains(explanation, c => c.Feature.StartsWith("prefix_", StringComparison.Ordinal));
        Assert.Equal((await client.Predict(session)).Probability, answer.Probability);
    }

    [Fact]
    public async Task Explain_works_for_the_linear_challenger_too()
    {
        var answer = await client.Predict(Requests.Browsing(), alias: "challenger", explain: true);

        Assert.NotEmpty(answer.Explanation!);
    }

    [Fact]
    public async Task Out_of_order_events_are_sorted_as_ingest_sorts_them()
    {
        var session = Requests.Browsing(events: 6);
        var shuffled = session with { Events = [.. session.Events!.AsEnumerable().Reverse()] };

        Assert.Equal((await client.Predict(session)).Probability, (await client.Predict(shuffled)).Probability);
    }

    [Fact]
    public async Task A_batch_answers_each_session_as_the_single_endpoint_does_in_order()
    {
        PredictionRequest[] sessions = [Requests.Browsing("u000001"), Requests.Browsing("u000002", events: 2, cart: false), Requests.Browsing("nobody", events: 9)];

        using var response = await client.PostAsJsonAsync("/v1/predictions/batch", new BatchPredictionRequest([.. sessions]));
        var batch = await response.Content.ReadFromJsonAsync<BatchPredictionResponse>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var singles = new List<double>();
        foreach (var s in sessions)
        {
            singles.Add((await client.Predict(s)).Probability);
        }

        Assert.Equal(singles, batch!.Predictions.Select(p => p.Probability));
        Assert.NotEqual(singles[0], singles[1]);
    }
}
