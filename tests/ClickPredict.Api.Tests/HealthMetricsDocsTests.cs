using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

[Collection(ServedLakeCollection.Name)]
public class HealthMetricsDocsTests(ServedLakeFixture fixture)
{
    private readonly HttpClient client = fixture.App.CreateClient();

    [Fact]
    public async Task Live_and_ready_when_a_model_and_snapshot_are_loaded()
    {
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task Without_a_model_the_api_is_live_but_not_ready_and_predictions_are_503()
    {
        using var app = fixture.With(("Serving:ModelsFolder", Path.Combine(fixture.Lake.Features.Folder, "no-models")));
        using var empty = app.CreateClient();

        using var ready = await empty.GetAsync("/health/ready");
        using var predict = await empty.PostAsync("/v1/predictions", System.Net.Http.Json.JsonContent.Create(Requests.Browsing()));

        Assert.Equal(HttpStatusCode.OK, (await empty.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        await Problems.Read(predict, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Metrics_count_requests_predictions_by_decision_and_show_the_loaded_versions()
    {
        var answer = await client.Predict(Requests.Browsing());

        var metrics = await Scrape.From(client);

        Assert.Equal(1, metrics.Value("clickpredict_model_version", ("model", "clickpredict"), ("alias", "champion")));
        Assert.Equal(2, metrics.Value("clickpredict_model_version", ("model", "clickpredict"), ("alias", "challenger")));
        Assert.True(metrics.Value("clickpredict_predictions_total", ("alias", "champion"), ("decision", answer.Decision)) >= 1);
        Assert.True(metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "/v1/predictions/"), ("http_response_status_code", "200")) >= 1);
        Assert.True(metrics.Has("http_server_request_duration_seconds_bucket"));
        Assert.True(metrics.Has("clickpredict_prediction_log_dropped_total"));
        Assert.True(metrics.Value("clickpredict_snapshot_users") > 0);
    }

    [Fact]
    public async Task The_committed_openapi_json_is_the_document_the_running_api_serves()
    {
        // The whole contract: with an admin key, as the build writes it, the admin endpoints (reload, promote, drift refresh) are in it.
        using var app = fixture.With(("Admin:ApiKey", "a-key-for-the-docs"));
        var served = JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var file = JsonNode.Parse(await File.ReadAllTextAsync(SharedData.RepositoryFile("src", "ClickPredict.Api", "openapi.json")));

        Assert.True(JsonNode.DeepEquals(served, file),
            "src/ClickPredict.Api/openapi.json differs from what the API serves: build the API (it regenerates the file) and commit it.");
    }

    [Fact]
    public async Task The_swagger_ui_names_its_definition_after_the_api_not_the_host_assembly()
    {
        var config = await client.GetStringAsync("/swagger/index.js");

        Assert.Contains("\"ClickPredict API v1\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("ClickPredict.Cli", config, StringComparison.Ordinal);
        Assert.DoesNotContain("ClickPredict.Api", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swagger_documents_every_endpoint_with_descriptions_and_examples()
    {
        var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var paths = document.GetProperty("paths");

        foreach (var (path, method) in new[]
        {
            ("/v1/predictions", "post"), ("/v1/predictions/batch", "post"), ("/v1/models", "get"), ("/v1/models/{aliasOrVersion}", "get"),
            ("/v1/models/reload", "post"), ("/v1/models/{version}/promote", "post"), ("/health/live", "get"), ("/health/ready", "get"),
            ("/v1/monitoring/drift", "get"), ("/v1/monitoring/drift/refresh", "post"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }

        foreach (var path in new[] { "/v1/models/reload", "/v1/models/{version}/promote", "/v1/monitoring/drift/refresh" })
        {
            Assert.Contains(paths.GetProperty(path).GetProperty("post").GetProperty("parameters").EnumerateArray(),
                p => p.GetProperty("name").GetString() == "X-Api-Key" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
        }

        var example = paths.GetProperty("/v1/predictions").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("u000042", example.GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Fact]
    public async Task The_swagger_examples_work_as_they_stand()
    {
        var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        foreach (var path in new[] { "/v1/predictions", "/v1/predictions/batch" })
        {
            var example = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody")
                .GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText();

            using var response = await client.PostAsync(path, new StringContent(example, System.Text.Encoding.UTF8, "application/json"));

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
