using System.Globalization;
using System.Text;
using ClickPredict.Storage;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 2's figures: generator time for N events, and ingest + validate + write bronze from CSV and
/// from Parquet, each against DuckDB's bare <c>COPY (SELECT * FROM read_…) TO parquet</c> of the same
/// file in the same run — the floor no ingest can beat.
/// </summary>
internal static class IngestBenchmark
{
    public static int Run(long events, int repeats, string work)
    {
        var cli = Machine.Cli;
        Machine.CleanFolder(work);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"Events: {events:N0}; {repeats} runs each, interleaved; medians; peak RSS is the child's VmHWM.");
        report.AppendLine();
        report.AppendLine("| step | median wall | events/s | peak RSS | ratio to floor |");
        report.AppendLine("|---|---|---|---|---|");

        foreach (var format in new[] { "csv", "parquet" })
        {
            var folder = Path.Combine(work, format);
            var generations = new List<ChildProcess.Measurement>();
            for (var i = 0; i < repeats; i++)
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                generations.Add(ChildProcess.Run("dotnet", cli, "generate", "--events", Str(events), "--seed", "42", "--format", format, "--out", folder));
            }

            var input = Directory.GetFiles(folder, "events*." + format).Single();
            var floors = new List<TimeSpan>();
            var ingests = new List<ChildProcess.Measurement>();
            for (var i = 0; i < repeats; i++)
            {
                floors.Add(Floor(input, format, Path.Combine(work, "floor")));
                var lake = Path.Combine(work, $"lake-{format}-{i}");
                ingests.Add(ChildProcess.Run("dotnet", cli, "ingest", "--source", "canonical", "--input", input, "--lake", lake));
                Directory.Delete(lake, recursive: true);
            }

            var floor = Machine.Median(floors);
            Row(report, $"generate {format}", Machine.Median(generations.Select(g => g.Wall)), events, generations.Max(g => g.PeakBytes), null);
            Row(report, $"DuckDB floor: COPY read_{format} → parquet", floor, events, null, 1.0);
            var ingest = Machine.Median(ingests.Select(m => m.Wall));
            Row(report, $"ingest {format} (validate, dedup, partitioned bronze)", ingest, events, ingests.Max(m => m.PeakBytes), ingest / floor);
        }

        Machine.Publish("ingest", report.ToString());
        return 0;
    }

    private static TimeSpan Floor(string input, string format, string folder)
    {
        using var db = DuckDb.Open(Path.Combine(folder, "spill"));
        var target = Path.Combine(folder, "floor.parquet");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        db.Execute($"COPY (SELECT * FROM read_{format}({DuckDb.Literal(input)})) TO {DuckDb.Literal(target)} (FORMAT parquet, COMPRESSION snappy)");
        return watch.Elapsed;
    }

    private static void Row(StringBuilder report, string step, TimeSpan wall, long events, long? peak, double? ratio) =>
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {step} | {wall.TotalSeconds:F2} s | {events / wall.TotalSeconds / 1e6:F2} M | {(peak is { } p ? $"{p / 1048576.0:F0} MiB" : "-")} | {(ratio is { } r ? $"{r:F2}×" : "-")} |");

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
