using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClickPredict.Features;
using ClickPredict.Monitoring;
using ClickPredict.Registry;
using ClickPredict.Storage;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 7's drift figure: a prediction log of 1 M rows (33 feature columns and the probability answered, as the API
/// will write it) against the champion's training window (700 k rows from 1.5 M events), through the
/// real CLI, beside the in-run baseline of only loading the log's columns, and the steps of an
/// in-process run as its report times them.
/// </summary>
internal static class DriftBenchmark
{
    private const int LogRows = 1_000_000;

    /// <summary>With <paramref name="reuse"/>, keeps the lake, model and log an earlier run left in <paramref name="work"/>.</summary>
    public static int Run(long events, int repeats, string work, bool reuse)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "ClickPredict.Cli.dll");
        var models = Path.Combine(work, "models");
        var log = Path.Combine(work, "predictions.parquet");
        var lake = new Lake(Path.Combine(work, "lake"));
        if (!reuse || !File.Exists(log))
        {
            Machine.BuildLake(cli, work, events, "sessionize", "features");
            ChildProcess.Run("dotnet", cli, "train", "--lake", lake.Root, "--models", models, "--trainers", "lightgbm", "--strategies", "class-weights", "--iterations", "100");
            WritePredictionLog(lake, log);
        }

        var loads = new List<TimeSpan>();
        var runs = new List<ChildProcess.Measurement>();
        var steps = new List<Dictionary<string, double>>();
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            ColumnLoader.Files(lake, log, FeatureCatalog.Names, Champion);
            loads.Add(watch.Elapsed);
            runs.Add(ChildProcess.Run("dotnet", cli, "drift", "--lake", lake.Root, "--models", models, "--current", log));
            steps.Add(Steps(lake, new ModelRegistry(models), log));
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Lake: {events:N0} generated events; champion LightGBM (class weights, 100 rounds); prediction log {LogRows:N0} rows × {FeatureCatalog.Count} features + probability answered (5% by a challenger, scored again). {repeats} runs, interleaved; medians.");
        report.AppendLine();
        report.AppendLine("| step | median wall | median CPU (user + sys) | peak RSS | ratio to baseline |");
        report.AppendLine("|---|---|---|---|---|");
        var baseline = Machine.Median(loads).TotalSeconds;
        Row(report, $"baseline: load the log's {FeatureCatalog.Count + 1} columns into arrays (DuckDB reader)", baseline, null, null, 1);
        var drift = Machine.Median(runs.Select(r => r.Wall)).TotalSeconds;
        Row(report, "`clickpredict drift --current log.parquet` (process start to exit)", drift, Machine.Median(runs.Select(r => r.Cpu)).TotalSeconds, runs.Max(r => r.PeakBytes), drift / baseline);
        foreach (var step in steps[0].Keys)
        {
            var median = Median(steps.Select(s => s[step]));
            Row(report, $"  in process: {step}", median, null, null, median / baseline);
        }

        Machine.Publish("drift", report.ToString());
        return 0;
    }

    /// <summary>One drift run in this process: its steps as the report times them, and the total.</summary>
    private static Dictionary<string, double> Steps(Lake lake, ModelRegistry registry, string log)
    {
        var report = DriftMonitor.Run(lake, registry, new DriftRequest { CurrentFiles = log });
        return new Dictionary<string, double>(report.StepSeconds) { ["total (library call)"] = report.Seconds };
    }

    /// <summary>The model the bench trains into its fresh registry.</summary>
    private static readonly (string Name, int Version) Champion = ("clickpredict", 1);

    /// <summary>
    /// Gold's rows (repeated as needed) shaped like the API's log: the features, and the probability each
    /// row was answered with and by which model — the champion for 95%, a challenger (version 2) for the
    /// rest, whose rows drift scores again with the champion.
    /// </summary>
    private static void WritePredictionLog(Lake lake, string path)
    {
        var gold = FeaturesManifest.Load(lake)!;
        var columns = string.Join(", ", FeatureCatalog.Names.Select(DuckDb.Identifier));
        using var db = DuckDb.Open(lake.Spill);
        db.Execute(
            $"COPY (SELECT {columns}, '{Champion.Name}' AS model_name, CASE WHEN hash(session_key, cut_k, range) % 20 = 0 THEN 2 ELSE {Champion.Version} END AS model_version, " +
            $"(hash(session_key, cut_k) % 10000) / 10000.0 AS probability FROM read_parquet($files), range(3) LIMIT {LogRows}) " +
            $"TO {DuckDb.Literal(path)} (FORMAT parquet)",
            ("files", gold.ExamplesPaths(lake).ToArray()));
    }

    private static double Lap(Stopwatch watch)
    {
        var seconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        return seconds;
    }

    private static double Median(IEnumerable<double> values) => Machine.Median(values.Select(TimeSpan.FromSeconds)).TotalSeconds;

    private static void Row(StringBuilder report, string step, double seconds, double? cpu, long? peak, double ratio) =>
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {step} | {seconds:F2} s | {(cpu is { } c ? $"{c:F2} s" : "-")} | {(peak is { } p ? $"{p / 1048576.0:F0} MiB" : "-")} | {ratio:F2}× |");
}
