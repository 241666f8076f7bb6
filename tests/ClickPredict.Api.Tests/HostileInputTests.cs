using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

/// <summary>
/// What an attacker or a careless client sends, against a real Kestrel port: never a 5xx, every 4xx is
/// ProblemDetails, nothing internal (paths, .NET type names, stack traces) leaks, echoed values are cut
/// short, and the server answers normally afterwards.
/// </summary>
[Collection(ServedLakeCollection.Name)]
public sealed class HostileInputTests : IDisposable
{
    private const string Predictions = "/v1/predictions";
    private const string ValidEvent = """{ "time": "2024-01-05T10:00:00Z", "type": "view", "itemId": "i0000001", "price": 12.5 }""";
    private static readonly string[] InternalNames = ["   at ", "System.", "Nullable", "ClickPredict.", "Boolean", "Int32", "Double", "Exception"];

    private readonly ServedLakeFixture fixture;
    private readonly ApiApp app;
    private readonly HttpClient http;
    private readonly Uri address;

    public HostileInputTests(ServedLakeFixture fixture)
    {
        this.fixture = fixture;
        // A 2 MB body limit so a 900 KB field reaches validation instead of stopping at 413.
        app = fixture.With(("Limits:MaxBodyBytes", "2097152"));
        address = new Uri(app.Listen());
        http = new HttpClient { BaseAddress = address };
    }

    public static TheoryData<string, string> HostileBodies() => new()
    {
        { "truncated JSON", """{ "userId": "u1", "events": [ { "time": """ },
        { "not JSON at all", "<xml>hello</xml>" },
        { "a JSON array", "[1, 2, 3]" },
        { "a JSON string", "\"hello\"" },
        { "null", "null" },
        { "deep nesting", string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000)) },
        { "wrong types", """{ "userId": ["u1"], "events": "many" }""" },
        { "number as user id", """{ "userId": 1e400, "events": [] }""" },
        { "huge price", Session(ValidEvent.Replace("12.5", "1e308", StringComparison.Ordinal)) },
        { "price past float", Session(ValidEvent.Replace("12.5", "1e39", StringComparison.Ordinal)) },
        { "price 1e20", Session(ValidEvent.Replace("12.5", "1e20", StringComparison.Ordinal)) },
        { "price -0.0001", Session(ValidEvent.Replace("12.5", "-0.0001", StringComparison.Ordinal)) },
        { "price NaN", Session(ValidEvent.Replace("12.5", "\"NaN\"", StringComparison.Ordinal)) },
        { "price -Infinity", Session(ValidEvent.Replace("12.5", "\"-Infinity\"", StringComparison.Ordinal)) },
        { "price as a 400-digit number", Session(ValidEvent.Replace("12.5", new string('9', 400), StringComparison.Ordinal)) },
        { "time without offset", Session(ValidEvent.Replace("10:00:00Z", "10:00:00", StringComparison.Ordinal)) },
        { "date only", Session(ValidEvent.Replace("2024-01-05T10:00:00Z", "2024-01-05", StringComparison.Ordinal)) },
        { "year 0001", Session(ValidEvent.Replace("2024-01-05", "0001-01-01", StringComparison.Ordinal)) },
        { "year 9999", Session(ValidEvent.Replace("2024-01-05", "9999-12-31", StringComparison.Ordinal)) },
        { "time as a number", Session(ValidEvent.Replace("\"2024-01-05T10:00:00Z\"", "1704448800", StringComparison.Ordinal)) },
        { "purchase in the session", Session(ValidEvent, ValidEvent.Replace("\"view\"", "\"purchase\"", StringComparison.Ordinal)) },
        { "unknown property", Session(ValidEvent.Replace("\"price\"", "\"discount\": 3, \"price\"", StringComparison.Ordinal)) },
        { "unknown top-level property", """{ "userId": "u1", "admin": true, "events": [ """ + ValidEvent + " ] }" },
        { "900 KB event type", Session(ValidEvent.Replace("\"view\"", $"\"{new string('v', 900_000)}\"", StringComparison.Ordinal)) },
        { "900 KB property name", Session(ValidEvent.Replace("\"price\"", $"\"{new string('p', 900_000)}\"", StringComparison.Ordinal)) },
        { "control characters in ids", Session(ValidEvent.Replace("i0000001", "\\u0000\\u0001\\u001b[31m", StringComparison.Ordinal)) },
        { "blank item id", Session(ValidEvent.Replace("i0000001", "   ", StringComparison.Ordinal)) },
        { "lone surrogate", Session(ValidEvent.Replace("i0000001", "\\ud800", StringComparison.Ordinal)) },
        { "invalid UTF-8 bytes", "{ \"userId\": \"u\uFFFE\uFFFF\", \"events\": [] }" },
        { "duplicate properties", """{ "userId": "u1", "userId": "u2", "events": [ """ + ValidEvent + " ] }" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task A_hostile_body_gets_a_clean_4xx_problem(string name, string body)
    {
        using var response = await http.PostAsync(Predictions, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertCleanProblem(response, name);
        await AssertStillServing();
    }

    [Theory]
    [InlineData("application/json; charset=klingon", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=\"\"", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=latin1", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=utf-16", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/xml", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("multipart/form-data; boundary=x", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=utf-8", HttpStatusCode.OK)]
    [InlineData("application/json; charset=\"utf-8\"", HttpStatusCode.OK)]
    [InlineData("application/json; charset=UTF-8", HttpStatusCode.OK)]
    public async Task A_media_type_or_charset_the_api_does_not_read_is_415(string contentType, HttpStatusCode expected)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Session(ValidEvent)));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await http.PostAsync(Predictions, content);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(expected, response.StatusCode);
            await AssertCleanProblem(response, contentType);
        }
    }

    [Theory]
    [InlineData("PUT", Predictions)]
    [InlineData("DELETE", Predictions)]
    [InlineData("GET", Predictions)]
    [InlineData("PUT", "/metrics")]
    [InlineData("DELETE", "/metrics")]
    [InlineData("PATCH", "/metrics")]
    [InlineData("POST", "/metrics")]
    [InlineData("POST", "/health/ready")]
    public async Task A_method_an_endpoint_does_not_have_is_405(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await AssertCleanProblem(response, $"{method} {path}");
    }

    [Theory]
    [InlineData("?explain=maybe")]
    [InlineData("?explain=")]
    [InlineData("?explain=1e999")]
    public async Task A_bad_query_value_names_the_parameter_not_a_type(string query)
    {
        using var response = await http.PostAsync(Predictions + query, new StringContent(Session(ValidEvent), Encoding.UTF8, "application/json"));

        var problem = await AssertCleanProblem(response, query);
        Assert.Contains("explain", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_past_the_servers_limit_are_refused_and_the_server_carries_on()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Predictions) { Content = new StringContent(Session(ValidEvent), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Padding", new string('h', 40_000));

        using var response = await http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await AssertStillServing();
    }

    [Fact]
    public async Task A_slow_client_holding_a_connection_does_not_stop_others()
    {
        using var slow = new TcpClient();
        await slow.ConnectAsync(address.Host, address.Port);
        var stream = slow.GetStream();
        var head = $"POST {Predictions} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"userId\": ";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        await AssertStillServing();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("\"u1\""));
        await AssertStillServing();
    }

    [Fact]
    public async Task Hundreds_of_hostile_requests_leave_the_api_answering_and_its_next_start_clean()
    {
        var bodies = HostileBodies().Select(row => (string)row[1]).ToList();
        for (var round = 0; round < 10; round++)
        {
            foreach (var body in bodies)
            {
                using var response = await http.PostAsync(Predictions, new StringContent(body, Encoding.UTF8, "application/json"));
                Assert.InRange((int)response.StatusCode, 400, 499);
            }
        }

        await AssertStillServing();
        var folder = app.Service<Microsoft.Extensions.Options.IOptions<Configuration.PredictionLogOptions>>().Value.Folder!;
        app.Dispose();
        using var restarted = fixture.With(("PredictionLog:Folder", folder));
        var client = restarted.CreateClient();
        using var ready = await client.GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
    }

    public void Dispose()
    {
        http.Dispose();
        app.Dispose();
    }

    private static string Session(params string[] events) => $$"""{ "userId": "u000001", "events": [ {{string.Join(", ", events)}} ] }""";

    /// <summary>Stack traces, .NET type names, and the folders this server keeps its lake, log and code in.</summary>
    private string[] Leaks => [.. InternalNames, fixture.Lake.Features.Lake.Root, Path.GetTempPath(), SharedData.RepositoryFile()];

    private async Task<JsonElement> AssertCleanProblem(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode} {text}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: {response.Content.Headers.ContentType} {text}");
        Assert.True(text.Length < 4_000, $"{what}: a {text.Length}-character answer echoes too much");
        foreach (var leak in Leaks)
        {
            Assert.False(text.Contains(leak, StringComparison.Ordinal), $"{what}: the answer leaks '{leak}': {text}");
        }

        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private async Task AssertStillServing()
    {
        using var response = await http.PostAsync(Predictions, new StringContent(Session(ValidEvent), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
