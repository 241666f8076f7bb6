using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ClickPredict.Api.Predictions;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Storage;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 22's figures, on a real port: POST /v1/events (one event per request, and batches of 20)
/// under wrk with unique event ids for 10,000 users, and POST /v1/predictions before any event was
/// posted (the snapshot alone) and after (the user's live history read on every request), in the
/// same run; then the embedded live state's memory per million users, in process.
/// </summary>
internal static class EventsBenchmark
{
    private const int Connections = 64;
    private const int Batch = 20;

    public static int Run(string lake, string models, int seconds, string work, bool redis)
    {
        Machine.CleanFolder(work);
        var prediction = JsonSerializer.Serialize(Session(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        // The flush stays off: the posted events must not reach the lake under test (Flush times it on a copy).
        var environment = new Dictionary<string, string> { ["Serving__LiveFolder"] = Path.Combine(work, "live"), ["Live__FlushEvery"] = "00:00:00" };
        using var store = redis ? System.Diagnostics.Process.Start("redis-server", ["--port", "6390", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) : null;
        if (store is not null)
        {
            Thread.Sleep(500);
            environment["ONLINE_STORE"] = "redis://127.0.0.1:6390";
        }

        var bin = AppContext.BaseDirectory;
        Wrk.Result before, single, batch, after;
        (long Rss, long Peak) memory;
        using (var api = ServerProcess.Start(Path.Combine(work, "api.log"), "http://127.0.0.1:5193/health/ready", TimeSpan.FromMilliseconds(250), environment,
            Path.Combine(bin, "ClickPredict.Cli.dll"), "serve", "--lake", lake, "--models", models, "--port", "5193"))
        {
            var predictions = "http://127.0.0.1:5193/v1/predictions";
            Wrk.Run(predictions, prediction, Connections, 15, 0, work);
            before = Wrk.Run(predictions, prediction, Connections, seconds, 0, work);
            single = Wrk.RunScript("http://127.0.0.1:5193/v1/events", Script(1), Connections, seconds, work);
            batch = Wrk.RunScript("http://127.0.0.1:5193/v1/events/batch", Script(Batch), Connections, seconds, work);
            after = Wrk.Run(predictions, prediction, Connections, seconds, 0, work);
            memory = api.Memory();
        }

        store?.Kill();
        var logFile = Path.Combine(work, "live", LiveEventLog.FileName);
        var logged = File.Exists(logFile) ? File.ReadLines(logFile).LongCount() : 0;
        var flush = redis ? null : Flush(lake, logFile, work);
        var perMillion = redis ? (0, 0) : MemoryPerMillionUsers();
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}")
            .AppendLine(CultureInfo.InvariantCulture, $"wrk -t2 -c{Connections}, {seconds} s each, one run; the API serves {lake} with {(redis ? "the live history in a local redis-server (no persistence), on the same 2 cores" : "the embedded live store (log fsynced once per group of waiting posts)")}.")
            .AppendLine()
            .AppendLine("| measurement | req/s | events/s | p50 | p99 | errors |")
            .AppendLine("|---|---|---|---|---|---|")
            .AppendLine(Row("POST /v1/predictions, snapshot only (no live event yet)", before, 0))
            .AppendLine(Row("POST /v1/events, one event per request", single, 1))
            .AppendLine(Row($"POST /v1/events/batch, {Batch} events per request", batch, Batch))
            .AppendLine(Row("POST /v1/predictions, with the user's live history", after, 0))
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Events in the embedded store's log after the run: {logged:N0}. API resident memory after: VmRSS {memory.Rss / 1048576.0:F0} MiB, peak {memory.Peak / 1048576.0:F0} MiB.")
            .AppendLine(flush is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"Moving the logged events to bronze (LiveBronze.Ingest into a copy of the lake's bronze, in process): {flush.Value.Events:N0} events in {flush.Value.Seconds:F2} s, {flush.Value.Events / flush.Value.Seconds:F0} events/s; {flush.Value.Accepted:N0} accepted, {flush.Value.Duplicates:N0} duplicates, {flush.Value.Quarantined:N0} quarantined."))
            .AppendLine(redis ? "" : string.Create(CultureInfo.InvariantCulture, $"Embedded live state, in process: {perMillion.Item1 / 1048576.0:F0} MiB per million users with {perMillion.Item2} events each ({perMillion.Item1 / (1e6 * perMillion.Item2):F0} bytes per event)."));
        Machine.Publish(redis ? "events-redis" : "events", report.ToString());
        return 0;
    }

    private static string Row(string what, Wrk.Result r, int events) => string.Create(CultureInfo.InvariantCulture,
        $"| {what} | {r.RequestsPerSecond:F0} | {(events == 0 ? "-" : (r.RequestsPerSecond * events).ToString("F0", CultureInfo.InvariantCulture))} | {r.P50Ms:F2} ms | {r.P99Ms:F2} ms | {r.Errors} |");

    /// <summary>A 20-event session of u000042 that starts after the posted events, so their history counts.</summary>
    private static PredictionRequest Session()
    {
        var start = new DateTimeOffset(2024, 2, 2, 10, 0, 0, TimeSpan.Zero);
        return new PredictionRequest("u000042", [.. Enumerable.Range(0, 20).Select(i => new SessionEventRequest(
            start.AddSeconds((23 * i) + (i % 4)), i % 10 == 9 ? "cart" : "view", $"i{(i * 37) % 3000:0000000}", $"c{i % 4:000}", "b001", 10 + i))]);
    }

    /// <summary>wrk's Lua: each request a fresh event (or batch) with ids unique per thread, 10,000 users, times on 2024-02-01.</summary>
    private static string Script(int batch) => $$"""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        local threads = 0
        function setup(thread) thread:set("tid", threads); threads = threads + 1 end
        local n = 0
        function request()
          local parts = {}
          for k = 1, {{batch}} do
            n = n + 1
            local user = string.format("u%06d", (n * 7919) % 10000)
            local t = 1706745600 + (n % 86400)
            parts[k] = string.format('{"eventId":"t%s-%d","userId":"%s","sessionId":"%s-%d","time":"%s","type":"%s","itemId":"i%07d","category":"c%03d","price":%d.5}',
              tid, n, user, user, math.floor(n / 200), os.date("!%Y-%m-%dT%H:%M:%SZ", t), (n % 10 == 9) and "purchase" or "view", n % 3000, n % 4, 10 + n % 50)
          end
          local body = parts[1]
          if {{batch}} > 1 then body = '{"events":[' .. table.concat(parts, ",") .. ']}' end
          return wrk.format(nil, nil, nil, body)
        end
        """;

    /// <summary>Times the ingest of every logged event into a copy of the lake's bronze, as the API's flush does once their sessions end.</summary>
    private static (long Events, double Seconds, long Accepted, long Duplicates, long Quarantined)? Flush(string lake, string logFile, string work)
    {
        var events = new LiveEventLog(Path.GetDirectoryName(logFile)!).Read().Events;
        if (events.Count == 0)
        {
            return null;
        }

        var copy = new Lake(Path.Combine(work, "flush-lake"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(lake, "bronze"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Root, Path.GetRelativePath(lake, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var clock = Stopwatch.StartNew();
        var result = LiveBronze.Ingest(copy, Path.Combine(work, "outbox"), events, TimeProvider.System);
        var seconds = clock.Elapsed.TotalSeconds;
        var rows = result.Files.Aggregate(RowCounts.None, (sum, f) => sum.Plus(f.Rows));
        return (events.Count, seconds, rows.Accepted, rows.Duplicates, rows.Quarantined);
    }

    /// <summary>Managed heap held by a live state of one million users with five events each (one a purchase), over an empty snapshot.</summary>
    private static (long Bytes, int EventsPerUser) MemoryPerMillionUsers()
    {
        const int Users = 1_000_000;
        const int PerUser = 5;
        var snapshot = new OnlineSnapshot([], EntityStatsLookup.Empty, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), FeatureSetVersion.Current, "bench");
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var live = new LiveHistory(snapshot, TimeSpan.FromMinutes(30));
        var start = EpochMicros.Of(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        for (var u = 0; u < Users; u++)
        {
            var user = $"u{u:0000000}";
            for (var e = 0; e < PerUser; e++)
            {
                live.Record(new LiveEvent($"{user}-{e}", user, $"{user}-s", start + (u * 1_000L) + e, e == PerUser - 1 ? EventType.Purchase : EventType.View,
                    $"i{(u + e) % 50_000:0000000}", $"c{u % 200:000}", 10.5));
            }
        }

        var held = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        GC.KeepAlive(live);
        return (held, PerUser);
    }
}
