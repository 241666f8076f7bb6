using System.Net;
using System.Net.Http.Json;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

[Collection(ServedLakeCollection.Name)]
public class LoggingTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task Logs_carry_request_ids_and_never_the_api_key()
    {
        // Production logs are JSON on stdout; every test in this assembly shares one collection, so nothing else swaps Console.Out meanwhile.
        var captured = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(captured);
        try
        {
            using var app = fixture.With(("Serilog:MinimumLevel:Default", "Debug"));
            var client = app.CreateClient();
            foreach (var key in new[] { ApiApp.AdminKey, "wrong-" + ApiApp.AdminKey })
            {
                using var reload = new HttpRequestMessage(HttpMethod.Post, "/v1/models/reload");
                reload.Headers.Add("X-Api-Key", key);
                (await client.SendAsync(reload)).Dispose();
            }

            using var bad = await client.PostAsJsonAsync("/v1/predictions", new { userId = "u1", events = new[] { new { type = "like" } } });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        finally
        {
            Console.SetOut(stdout);
        }

        var log = captured.ToString();
        Assert.Contains("\"RequestPath\":\"/v1/models/reload\"", log, StringComparison.Ordinal);
        Assert.Contains("\"StatusCode\":401", log, StringComparison.Ordinal);
        Assert.Contains("\"StatusCode\":400", log, StringComparison.Ordinal);
        Assert.Matches("\"RequestId\":\"[^\"]+\"", log);
        Assert.DoesNotContain(ApiApp.AdminKey, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_refused_while_the_body_is_read_are_logged_and_counted_with_the_status_the_client_got()
    {
        // Each answer names its request, so the lines of this test's requests are found among whatever
        // else the process logs meanwhile (a host of an earlier test finishing its work).
        var requestIds = new List<string>();
        var captured = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(captured);
        string metrics;
        try
        {
            using var app = fixture.With();
            var client = app.CreateClient();
            (HttpContent Body, HttpStatusCode Status)[] refused =
            [
                (new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest),
                (new StringContent("{ \"userId\": 42 }", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest),
                (new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType),
                (new StringContent(new string(' ', 70_000) + "{}", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.RequestEntityTooLarge),
            ];
            foreach (var (body, status) in refused)
            {
                using var response = await client.PostAsync("/v1/predictions", body);
                Assert.Equal(status, response.StatusCode);
                requestIds.Add((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("requestId").GetString()!);
            }

            // Kestrel records a request's duration when the request ends, which for one refused while
            // its body is read can come after the client has the response: wait for all four.
            metrics = await client.GetStringAsync("/metrics");
            for (var wait = 0; wait < 50 && Scrape.Parse(metrics).Sum("http_server_request_duration_seconds_count", ("http_request_method", "POST")) < refused.Length; wait++)
            {
                await Task.Delay(100);
                metrics = await client.GetStringAsync("/metrics");
            }
        }
        finally
        {
            Console.SetOut(stdout);
        }

        var lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains("\"RequestPath\":\"/v1/predictions\"", StringComparison.Ordinal) && requestIds.Exists(id => l.Contains($"\"RequestId\":\"{id}\"", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, line =>
        {
            Assert.Contains("\"@l\":\"Warning\"", line, StringComparison.Ordinal);
            Assert.DoesNotContain("\"@x\"", line, StringComparison.Ordinal);
        });
        Assert.Equal(2, lines.Count(l => l.Contains("\"StatusCode\":400", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains("\"StatusCode\":415", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("\"StatusCode\":413", StringComparison.Ordinal));
        Assert.DoesNotContain("\"@l\":\"Error\"", captured.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("responded 500", captured.ToString(), StringComparison.Ordinal);
        var scrape = Scrape.Parse(metrics);
        Assert.Equal(2, scrape.Sum("http_server_request_duration_seconds_count", ("http_request_method", "POST"), ("http_response_status_code", "400")));
        Assert.Equal(1, scrape.Sum("http_server_request_duration_seconds_count", ("http_request_method", "POST"), ("http_response_status_code", "415")));
        Assert.Equal(1, scrape.Sum("http_server_request_duration_seconds_count", ("http_request_method", "POST"), ("http_response_status_code", "413")));
    }

    [Fact]
    public async Task Levels_come_from_configuration_and_nothing_in_code_overrides_them()
    {
        var captured = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(captured);
        try
        {
            // appsettings.json quiets Microsoft.AspNetCore to Warning; an operator turns it back up in settings alone.
            using var app = fixture.With(("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Information"));
            using var response = await app.CreateClient().GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Console.SetOut(stdout);
        }

        Assert.Contains("\"SourceContext\":\"Microsoft.AspNetCore.Hosting.Diagnostics\"", captured.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_start_up_failure_is_logged_by_the_bootstrap_logger_as_one_fatal_json_line()
    {
        var captured = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(captured);
        try
        {
            using var app = fixture.With(("Limits:MaxBodyBytes", "1"));
            Assert.ThrowsAny<Exception>(() => app.CreateClient());
        }
        finally
        {
            Console.SetOut(stdout);
        }

        var line = Assert.Single(captured.ToString().Split('\n'), l => l.Contains("The API could not start", StringComparison.Ordinal));
        Assert.Contains("\"@l\":\"Fatal\"", line, StringComparison.Ordinal);
        Assert.Contains("MaxBodyBytes", line, StringComparison.Ordinal);
    }
}
