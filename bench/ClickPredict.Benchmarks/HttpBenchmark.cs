using System.Globalization;
using System.Text;
using System.Text.Json;
using ClickPredict.Api.Predictions;

namespace ClickPredict.Benchmarks;

/// <summary>
/// POST /v1/predictions under wrk, on a real port, against the ceiling (<see cref="CeilingServer"/>)
/// measured in the same run, interleaved: requests/s at 64 connections for both, then the API's p99 at
/// about half its own maximum (wrk's per-connection delay()), and the API's resident memory.
/// </summary>
internal static class HttpBenchmark
{
    private const int Connections = 64;
    private const int HalfConnections = 16;

    // Tiered compilation of the API's larger code path took more than 15 s of load on this shared
    // 2-core machine (perf showed the JIT at 15 % of the API's CPU after 15 s); both servers get the same warm-up.
    private const int WarmUpSeconds = 25;

    public static int Run(string lake, string models, int repeats, int seconds, string work)
    {
        Machine.CleanFolder(work);
        var body = JsonSerializer.Serialize(Session(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var bin = AppContext.BaseDirectory;
        var ceilings = new List<Wrk.Result>();
        var ceilingHalves = new List<Wrk.Result>();
        var apis = new List<Wrk.Result>();
        var halves = new List<Wrk.Result>();
        var memory = new List<(long Rss, long Peak)>();
        for (var r = 0; r < repeats; r++)
        {
            using (ServerProcess.Start(Path.Combine(work, $"ceiling-{r}.log"), "http://127.0.0.1:5191/health/ready",
                Path.Combine(bin, "ClickPredict.Benchmarks.dll"), "ceiling", "--port", "5191"))
            {
                Wrk.Run("http://127.0.0.1:5191/v1/predictions", body, Connections, WarmUpSeconds, 0, work);
                ceilings.Add(Wrk.Run("http://127.0.0.1:5191/v1/predictions", body, Connections, seconds, 0, work));
                ceilingHalves.Add(AtHalf("http://127.0.0.1:5191/v1/predictions", body, ceilings[^1], seconds, work));
            }

            using (var api = ServerProcess.Start(Path.Combine(work, $"api-{r}.log"), "http://127.0.0.1:5192/health/ready",
                Path.Combine(bin, "ClickPredict.Cli.dll"), "serve", "--lake", lake, "--models", models, "--port", "5192"))
            {
                var url = "http://127.0.0.1:5192/v1/predictions";
                Wrk.Run(url, body, Connections, WarmUpSeconds, 0, work);
                var max = Wrk.Run(url, body, Connections, seconds, 0, work);
                apis.Add(max);
                halves.Add(AtHalf(url, body, max, seconds, work));
                memory.Add(api.Memory());
            }
        }

        var ceiling = Machine.Median(ceilings.Select(c => c.RequestsPerSecond));
        var api50 = Machine.Median(apis.Select(a => a.RequestsPerSecond));
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}")
            .AppendLine(CultureInfo.InvariantCulture, $"Body: one 20-event session ({body.Length} bytes); wrk -t2, {seconds} s per measurement after {WarmUpSeconds} s warm-up; {repeats} runs, interleaved; medians.")
            .AppendLine(CultureInfo.InvariantCulture, $"Lake (online snapshot): {lake}; models: {models}.")
            .AppendLine()
            .AppendLine("| measurement | req/s | p50 | p99 | errors |")
            .AppendLine("|---|---|---|---|---|")
            .AppendLine(Row($"ceiling: bare minimal API, same body, fixed JSON, {Connections} connections", ceilings))
            .AppendLine(Row($"ceiling at ~half its max ({HalfConnections} connections with delay): the machine's own latency noise", ceilingHalves))
            .AppendLine(Row($"POST /v1/predictions, {Connections} connections", apis))
            .AppendLine(Row($"POST /v1/predictions at ~half its max ({HalfConnections} connections with delay)", halves))
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"API / ceiling at {Connections} connections: {api50 / ceiling:P0} (target ≥ 50%).")
            .AppendLine(CultureInfo.InvariantCulture, $"p99 at ~half of the API's max ({Machine.Median(halves.Select(h => h.RequestsPerSecond)):F0} req/s): {Machine.Median(halves.Select(h => h.P99Ms)):F2} ms (target ≤ 5 ms).")
            .AppendLine(CultureInfo.InvariantCulture, $"API resident memory after the runs: VmRSS {Machine.Median(memory.Select(m => (double)m.Rss)) / (1024 * 1024):F0} MiB, peak VmHWM {memory.Max(m => m.Peak) / (1024.0 * 1024):F0} MiB (target < 1 GB).");
        Machine.Publish("http", report.ToString());
        return 0;
    }

    /// <summary>About half of <paramref name="max"/>'s rate: a per-connection delay, corrected once from a 5 s probe.</summary>
    private static Wrk.Result AtHalf(string url, string body, Wrk.Result max, int seconds, string work)
    {
        var target = max.RequestsPerSecond / 2;
        var delay = HalfConnections / target * 1000;
        var probe = Wrk.Run(url, body, HalfConnections, 5, delay, work);
        delay = Math.Max(0, delay * probe.RequestsPerSecond / target);
        return Wrk.Run(url, body, HalfConnections, seconds, delay, work);
    }

    private static string Row(string what, List<Wrk.Result> results) => string.Create(CultureInfo.InvariantCulture,
        $"| {what} | {Machine.Median(results.Select(r => r.RequestsPerSecond)):F0} | {Machine.Median(results.Select(r => r.P50Ms)):F2} ms | {Machine.Median(results.Select(r => r.P99Ms)):F2} ms | {results.Sum(r => r.Errors)} |");

    /// <summary>A 20-event session of generated ids: views over a few categories, two carts.</summary>
    internal static PredictionRequest Session()
    {
        var start = new DateTimeOffset(2024, 1, 13, 10, 0, 0, TimeSpan.Zero);
        return new PredictionRequest("u000042", [.. Enumerable.Range(0, 20).Select(i => new SessionEventRequest(
            start.AddSeconds((23 * i) + (i % 4)), i % 10 == 9 ? "cart" : "view", $"i{(i * 37) % 3000:0000000}", $"c{i % 4:000}", "b001", 10 + i))]);
    }
}
