using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Features;

namespace ClickPredict.Api.Tests;

[Collection(ServedLakeCollection.Name)]
public class ModelEndpointTests(ServedLakeFixture fixture)
{
    private readonly HttpClient client = fixture.App.CreateClient();

    [Fact]
    public async Task Models_lists_champion_and_challenger_with_metrics_and_the_snapshot()
    {
        var served = await client.GetFromJsonAsync<JsonElement>("/v1/models");

        var models = served.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal([("champion", 1), ("challenger", 2)], models.Select(m => (m.GetProperty("alias").GetString(), m.GetProperty("version").GetInt32())));
        Assert.Equal(fixture.Lake.Registry.Card(ServedLake.ModelName, 1).Test.PrAuc, models[0].GetProperty("test").GetProperty("prAuc").GetDouble());
        Assert.Equal("lightgbm/class-weights", models[0].GetProperty("candidate").GetString());
        Assert.Equal(fixture.Lake.Features.Gold.BuildId, served.GetProperty("snapshot").GetProperty("buildId").GetString());
        Assert.True(served.GetProperty("snapshot").GetProperty("users").GetInt32() > 100);
        Assert.Equal([1, 2], served.GetProperty("registeredVersions").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Theory]
    [InlineData("champion", 1)]
    [InlineData("challenger", 2)]
    [InlineData("2", 2)]
    public async Task One_model_by_alias_or_version_has_its_card_and_report(string which, int version)
    {
        var details = await client.GetFromJsonAsync<JsonElement>($"/v1/models/{which}");

        Assert.Equal(version, details.GetProperty("card").GetProperty("version").GetInt32());
        Assert.Equal(FeatureCatalog.Count, details.GetProperty("card").GetProperty("features").GetArrayLength());
        Assert.Contains("PR-AUC", details.GetProperty("report").GetString(), StringComparison.Ordinal);
        Assert.True(details.GetProperty("summary").GetProperty("loaded").GetBoolean());
    }

    [Fact]
    public async Task Unknown_versions_and_words_are_problems()
    {
        using var missing = await client.GetAsync("/v1/models/7");
        using var word = await client.GetAsync("/v1/models/latest");

        Assert.Contains("has no version 7; it has 1, 2", (await Problems.Read(missing, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'latest' is neither", (await Problems.Read(word, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_endpoints_need_the_key()
    {
        using var none = await client.PostAsync("/v1/models/reload", null);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/models/reload");
        wrong.Headers.Add("X-Api-Key", ApiApp.AdminKey + "x");
        using var promote = await client.PostAsJsonAsync("/v1/models/2/promote", new { alias = "champion", reason = "no key" });

        await Problems.Read(none, HttpStatusCode.Unauthorized);
        await Problems.Read(await client.SendAsync(wrong), HttpStatusCode.Unauthorized);
        await Problems.Read(promote, HttpStatusCode.Unauthorized);
        Assert.Equal(1, fixture.Lake.Registry.Aliases(ServedLake.ModelName).ChampionVersion);
    }

    [Fact]
    public async Task Reload_with_the_key_swaps_in_a_new_generation()
    {
        var before = await client.GetFromJsonAsync<JsonElement>("/v1/models");

        var reloaded = await Admin(HttpMethod.Post, "/v1/models/reload");

        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        var after = await reloaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(after.GetProperty("generation").GetInt64() > before.GetProperty("generation").GetInt64());
        Assert.Equal(1, after.GetProperty("models")[0].GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Promote_moves_the_alias_in_the_registry_and_predictions_follow()
    {
        try
        {
            using var promoted = await Admin(HttpMethod.Post, "/v1/models/2/promote", new { alias = "champion", reason = "test: linear model wins" });

            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
            Assert.Equal(2, (await client.Predict(Requests.Browsing())).Model.Version);
            var aliases = fixture.Lake.Registry.Aliases(ServedLake.ModelName);
            Assert.Equal((2, (int?)null), (aliases.ChampionVersion, aliases.ChallengerVersion));
            Assert.Equal("test: linear model wins", aliases.History[^1].Reason);
        }
        finally
        {
            (await Admin(HttpMethod.Post, "/v1/models/1/promote", new { alias = "champion", reason = "test: restore" })).Dispose();
            (await Admin(HttpMethod.Post, "/v1/models/2/promote", new { alias = "challenger", reason = "test: restore" })).Dispose();
        }

        Assert.Equal(1, (await client.Predict(Requests.Browsing())).Model.Version);
    }

    [Fact]
    public async Task Promote_refuses_a_missing_reason_a_bad_alias_and_an_unknown_version()
    {
        var noReason = await Problems.Read(await Admin(HttpMethod.Post, "/v1/models/2/promote", new { alias = "champion" }), HttpStatusCode.BadRequest);
        var badAlias = await Problems.Read(await Admin(HttpMethod.Post, "/v1/models/2/promote", new { alias = "boss", reason = "r" }), HttpStatusCode.BadRequest);
        var unknown = await Problems.Read(await Admin(HttpMethod.Post, "/v1/models/9/promote", new { reason = "r" }), HttpStatusCode.Conflict);

        Assert.Contains("Reason", noReason.Error("Reason"), StringComparison.Ordinal);
        Assert.Contains("Alias", badAlias.Error("Alias"), StringComparison.Ordinal);
        Assert.Contains("has no version 9", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, fixture.Lake.Registry.Aliases(ServedLake.ModelName).ChampionVersion);
    }

    [Fact]
    public async Task Without_a_configured_key_the_admin_endpoints_do_not_exist()
    {
        using var app = fixture.With(("Admin:ApiKey", ""));
        using var keyless = app.CreateClient();
        using var reload = new HttpRequestMessage(HttpMethod.Post, "/v1/models/reload");
        reload.Headers.Add("X-Api-Key", "");
        using var promote = new HttpRequestMessage(HttpMethod.Post, "/v1/models/2/promote") { Content = JsonContent.Create(new { reason = "open?" }) };
        promote.Headers.Add("X-Api-Key", "");

        using var reloaded = await keyless.SendAsync(reload);
        using var promoted = await keyless.SendAsync(promote);

        // No route for POST: reload is 405 only because GET /v1/models/{aliasOrVersion} shares its path.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, reloaded.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, promoted.StatusCode);
        Assert.Equal(1, fixture.Lake.Registry.Aliases(ServedLake.ModelName).ChampionVersion);
        Assert.Equal(HttpStatusCode.OK, (await keyless.GetAsync("/v1/models")).StatusCode);
    }

    private async Task<HttpResponseMessage> Admin(HttpMethod method, string path, object? body = null)
    {
        using var message = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        message.Headers.Add("X-Api-Key", ApiApp.AdminKey);
        return await client.SendAsync(message);
    }
}
