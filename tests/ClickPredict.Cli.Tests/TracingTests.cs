using System.Net;
using System.Text;

namespace ClickPredict.Cli.Tests;

/// <summary>
/// With OTEL_EXPORTER_OTLP_ENDPOINT set, a CLI stage exports its span over OTLP/HTTP. No collector runs
/// here, so the test holds the documented contract: a protobuf POST to /v1/traces naming the stage.
/// </summary>
public class TracingTests
{
    [Fact]
    public async Task A_stage_exports_its_span_to_the_otlp_endpoint()
    {
        using var temp = new TempFolder();
        using var collector = new HttpListener();
        var port = Ports.Free();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = Receive(collector);

        var run = CliProcess.Run(temp.Path, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }, "generate", "--events", "2000", "--seed", "3", "--out", "gen");

        Assert.Equal(0, run.ExitCode);
        var (path, body) = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("/v1/traces", path);
        Assert.Contains("clickpredict generate", body, StringComparison.Ordinal);
        Assert.Contains("clickpredict-cli", body, StringComparison.Ordinal);
    }

    private static async Task<(string Path, string Body)> Receive(HttpListener collector)
    {
        var context = await collector.GetContextAsync();
        using var read = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(read);
        context.Response.StatusCode = 200;
        context.Response.Close();
        // Protobuf keeps strings as UTF-8 bytes: span and service names read as they were sent.
        return (context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(read.ToArray()));
    }
}
