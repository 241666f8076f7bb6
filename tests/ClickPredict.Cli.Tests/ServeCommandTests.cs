using System.Diagnostics;
using System.Net;

namespace ClickPredict.Cli.Tests;

public class ServeCommandTests
{
    [Fact]
    public async Task Serve_starts_the_api_and_prints_the_swagger_url_live_but_not_ready_without_a_model()
    {
        using var temp = new TempFolder();
        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "ClickPredict.Cli.dll"), "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var live = await Poll(http, "/health/live");

            Assert.Equal(HttpStatusCode.OK, live);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
            Assert.Contains("No model is loaded", await http.GetStringAsync("/dashboard"), StringComparison.Ordinal);
            lock (output)
            {
                Assert.Contains($"Swagger UI: http://localhost:{port}/swagger   Dashboard: http://localhost:{port}/dashboard", output.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<HttpStatusCode> Poll(HttpClient http, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return (await http.GetAsync(path)).StatusCode;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
