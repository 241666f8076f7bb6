using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 19, item 4: `serve` from launch to ready, and the latency of the first three predictions after
/// ready (one new client, the 20-event session of the HTTP benchmark), per variant, interleaved.
/// </summary>
internal static class StartupBenchmark
{
    private const string Ready = "http://127.0.0.1:5193/health/ready";
    private const string Predict = "http://127.0.0.1:5193/v1/predictions";

    public static int Run(string lake, string models, int repeats, string work)
    {
        Directory.CreateDirectory(work);
        var variants = new List<(string Label, string Cli, Dictionary<string, string> Environment)>
        {
            ("build output, no warm-up (Serving__WarmUp=false)", Machine.BuildOutputCli, new() { ["Serving__WarmUp"] = "false" }),
            ("build output, warm-up before ready", Machine.BuildOutputCli, []),
            ("ReadyToRun publish (./clickpredict's), no warm-up", Machine.Cli, new() { ["Serving__WarmUp"] = "false" }),
            ("ReadyToRun publish (./clickpredict's), warm-up before ready (default)", Machine.Cli, []),
        };

        var body = JsonSerializer.Serialize(HttpBenchmark.Session(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var figures = variants.ToDictionary(v => v.Label, _ => new List<Figures>());
        for (var r = 0; r < repeats; r++)
        {
            foreach (var (label, cli, environment) in variants)
            {
                using var api = ServerProcess.Start(Path.Combine(work, $"startup-{r}.log"), Ready, TimeSpan.FromMilliseconds(10), environment,
                    cli, "serve", "--lake", lake, "--models", models, "--port", "5193");
                var rss = api.Memory().Rss;
                using var http = new HttpClient();
                var latencies = Enumerable.Range(0, 3).Select(_ => Time(http, body)).ToArray();
                figures[label].Add(new Figures(api.ReadyAfter.TotalSeconds, latencies, rss));
            }
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}")
            .AppendLine(CultureInfo.InvariantCulture, $"Lake (online snapshot): {lake}; models: {models}. {repeats} runs per variant, interleaved; medians. Ready: launch to the first 200 from /health/ready (polled every 10 ms). Requests: a new HttpClient, POST /v1/predictions with a 20-event session, three in a row.")
            .AppendLine()
            .AppendLine("| variant | time to ready | 1st prediction | 2nd | 3rd | RSS at ready |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var (label, runs) in figures)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {Machine.Median(runs.Select(f => f.ReadySeconds)):F2} s | {Machine.Median(runs.Select(f => f.LatenciesMs[0])):F1} ms | {Machine.Median(runs.Select(f => f.LatenciesMs[1])):F1} ms | {Machine.Median(runs.Select(f => f.LatenciesMs[2])):F1} ms | {Machine.Median(runs.Select(f => (double)f.Rss)) / 1048576:F0} MiB |");
        }

        Machine.Publish("startup", report.ToString());
        return 0;
    }

    private static double Time(HttpClient http, string body)
    {
        var watch = Stopwatch.StartNew();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = http.PostAsync(Predict, content).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return watch.Elapsed.TotalMilliseconds;
    }

    private sealed record Figures(double ReadySeconds, double[] LatenciesMs, long Rss);
}
