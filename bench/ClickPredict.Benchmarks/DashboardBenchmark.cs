using System.Globalization;
using System.Text;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Dashboard;
using ClickPredict.Api.PredictionLog;
using ClickPredict.Features;
using ClickPredict.Registry;
using Microsoft.Extensions.Options;

namespace ClickPredict.Benchmarks;

/// <summary>
/// GET /dashboard's server time (its Server-Timing header) with a prediction log of <c>rows</c> rows
/// logged today, in files of 100,000 rows as the writer rotates them: the whole log aggregated from
/// scratch (what the start-up warm-up does), the first render after start, steady refreshes (files
/// cached), and the render that picks up one newly finished file. The API runs as a child process
/// over a trained lake and registry.
/// </summary>
internal static class DashboardBenchmark
{
    private const int RowsPerFile = 100_000;
    private const int Refreshes = 20;

    public static int Run(string lake, string models, long rows, int repeats, string work)
    {
        Machine.CleanFolder(work);
        var log = Path.Combine(work, "predictions");
        var registry = new ModelRegistry(models);
        var name = registry.Names().Single();
        var version = registry.Aliases(name).ChampionVersion ?? throw new InvalidOperationException($"{name} has no champion.");
        var random = new Random(42);
        for (long written = 0; written < rows; written += RowsPerFile)
        {
            Write(log, name, version, (int)Math.Min(RowsPerFile, rows - written), random);
        }

        var cold = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var scores = new LoggedScores(Options.Create(new PredictionLogOptions { Folder = log }), Microsoft.Extensions.Logging.Abstractions.NullLogger<LoggedScores>.Instance);
            var total = scores.Day(DateOnly.FromDateTime(DateTime.UtcNow), name, version).Scores.Total;
            cold.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (total != rows)
            {
                throw new InvalidOperationException($"The log holds {rows} rows but {total} were binned.");
            }
        }

        var first = new List<double>();
        var steady = new List<double>();
        var newFile = new List<double>();
        using var http = new HttpClient();
        for (var r = 0; r < repeats; r++)
        {
            using var api = ServerProcess.Start(Path.Combine(work, $"api-{r}.log"), "http://127.0.0.1:5193/health/ready",
                Path.Combine(AppContext.BaseDirectory, "ClickPredict.Api.dll"), "--urls", "http://127.0.0.1:5193", "--contentRoot", AppContext.BaseDirectory,
                "--Serving:ModelsFolder", Path.GetFullPath(models), "--Serving:LakeFolder", Path.GetFullPath(lake), "--Serving:ModelName", name,
                "--PredictionLog:Folder", log, "--Serilog:MinimumLevel:Default", "Warning");
            var (time, html) = Render(http);
            first.Add(time);
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (!html.Contains("test window (", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
                html = Render(http).Html;
            }

            steady.AddRange(Enumerable.Range(0, Refreshes).Select(_ => Render(http).Time));
            var added = Write(log, name, version, RowsPerFile, random);
            newFile.Add(Render(http).Time);
            File.Delete(added);
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}")
            .AppendLine(CultureInfo.InvariantCulture, $"Prediction log: {rows:N0} rows logged today in {(rows + RowsPerFile - 1) / RowsPerFile} files of {RowsPerFile:N0} (33 features each); model {name} v{version}; {repeats} API starts.")
            .AppendLine("Server time is the page's Server-Timing header: gathering every figure and writing the HTML, not the network.")
            .AppendLine()
            .AppendLine("| render | median | max | n |")
            .AppendLine("|---|---|---|---|")
            .AppendLine(Row("aggregating the whole log from scratch, in-process (the start-up warm-up's work)", cold))
            .AppendLine(Row("first render after /health/ready (warm-up running or done)", first))
            .AppendLine(Row($"steady refresh (files cached), {Refreshes} per start", steady))
            .AppendLine(Row($"after one more {RowsPerFile:N0}-row file finished", newFile))
            .AppendLine()
            .AppendLine("Target: ≤ 300 ms server time with a prediction log of 1 million rows (issue 7).");
        Machine.Publish("dashboard", report.ToString());
        return 0;
    }

    private static (double Time, string Html) Render(HttpClient http)
    {
        using var response = http.GetAsync("http://127.0.0.1:5193/dashboard").GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        var timing = response.Headers.GetValues("Server-Timing").Single();
        var html = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return (double.Parse(timing[(timing.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture), html);
    }

    private static string Write(string folder, string name, int version, int rows, Random random)
    {
        var now = DateTimeOffset.UtcNow;
        var records = new List<PredictionRecord>(rows);
        for (var i = 0; i < rows; i++)
        {
            var p = Math.Pow(random.NextDouble(), 3);
            records.Add(new PredictionRecord(now, $"u{random.Next(1_000_000):0000000}", 1 + random.Next(20), now.UtcDateTime, name, version, "champion", "bench",
                p, 0.2, p >= 0.2, [.. Enumerable.Range(0, FeatureCatalog.Names.Count).Select(_ => random.NextDouble() * 10)]));
        }

        var file = PredictionLogFile.CreateAsync(folder, CancellationToken.None).GetAwaiter().GetResult();
        file.WriteAsync(records, CancellationToken.None).GetAwaiter().GetResult();
        return file.FinishAsync().GetAwaiter().GetResult();
    }

    private static string Row(string what, List<double> times) => string.Create(CultureInfo.InvariantCulture,
        $"| {what} | {Median(times):F1} ms | {times.Max():F1} ms | {times.Count} |");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
