using System.Globalization;
using System.Text;
using ClickPredict.Storage;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 3's figures: sessionize, then examples and features, for N generated events, each run of the
/// real CLI measured for wall time and peak RSS, interleaved with DuckDB's bare sessionization query
/// on the same bronze files (the floor: window functions only, no writes).
/// </summary>
internal static class PipelineBenchmark
{
    public static int Run(long events, int repeats, string work)
    {
        var cli = Machine.Cli;
        var lake = Machine.BuildLake(cli, work, events);

        var floors = new List<TimeSpan>();
        var sessionize = new List<ChildProcess.Measurement>();
        var features = new List<ChildProcess.Measurement>();
        for (var i = 0; i < repeats; i++)
        {
            floors.Add(Floor(new Lake(lake)));
            sessionize.Add(ChildProcess.Run("dotnet", cli, "sessionize", "--lake", lake));
            features.Add(ChildProcess.Run("dotnet", cli, "features", "--lake", lake));
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"Events: {events:N0}; {repeats} runs each, interleaved; medians; peak RSS is the child's VmHWM.");
        report.AppendLine();
        report.AppendLine("| step | median wall | peak RSS | ratio to floor |");
        report.AppendLine("|---|---|---|---|");
        var floor = Machine.Median(floors);
        var s = Machine.Median(sessionize.Select(m => m.Wall));
        var f = Machine.Median(features.Select(m => m.Wall));
        Row(report, "DuckDB floor: bare 30-min gap sessionization query (count only)", floor, null, 1.0);
        Row(report, "sessionize (silver, ordered, committed)", s, sessionize.Max(m => m.PeakBytes), s / floor);
        Row(report, "features (examples + 33 features + online snapshot)", f, features.Max(m => m.PeakBytes), f / floor);
        Row(report, "sessionize + features", s + f, Math.Max(sessionize.Max(m => m.PeakBytes), features.Max(m => m.PeakBytes)), (s + f) / floor);
        Machine.Publish("pipeline", report.ToString());
        return 0;
    }

    /// <summary>The bare gap sessionization every event needs: one window pass, sessions counted, nothing written.</summary>
    private static TimeSpan Floor(Lake lake)
    {
        var files = IngestManifest.Load(lake).BronzeFiles(lake);
        using var db = DuckDb.Open(Path.Combine(lake.Root, "_bench_spill"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        db.Scalar<long>(
            """
            SELECT count(*) FILTER (WHERE previous IS NULL OR epoch_us(event_time) - epoch_us(previous) >= 1800000000)
            FROM (SELECT event_time, lag(event_time) OVER (PARTITION BY user_id ORDER BY event_time) AS previous
                  FROM read_parquet($files, hive_partitioning = false))
            """,
            ("files", files));
        return watch.Elapsed;
    }

    private static void Row(StringBuilder report, string step, TimeSpan wall, long? peak, double ratio) =>
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {step} | {wall.TotalSeconds:F2} s | {(peak is { } p ? $"{p / 1048576.0:F0} MiB" : "-")} | {ratio:F2}× |");
}
