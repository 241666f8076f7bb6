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
}
