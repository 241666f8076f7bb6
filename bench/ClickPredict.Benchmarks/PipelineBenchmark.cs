using System.Globalization;
using System.Text;
using ClickPredict.Features;
using ClickPredict.Storage;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 18's figures. Full pipeline on N generated events (ingest, sessionize, features, each the
/// real CLI in a child process, wall time and peak RSS), interleaved with two baselines on the same
/// lake: the previous features design (the catalog's SQL: window functions and as-of joins, now the
/// specification gold is tested against) and DuckDB's bare sessionization query (the floor). Then
/// "one more day": the lake without its last two full days, built; then each of those days ingested
/// in turn and sessionize + features run again (both incremental), against the full rebuild; each day
/// also goes through <c>update</c> (the three steps in one process) on a copy of the same lake. The
/// full build is also rebuilt by <c>update --full</c> on the same lake: its ingest finds nothing new,
/// and its sessionize hands silver's events to its features in memory; and made once more by
/// <c>update --full</c> on a new lake, the three steps by one command in one process; and its silver
/// once more by <c>sessionize</c> in two user partitions, then <c>--merge</c>. Beside them, the floor of
/// what any design with a Parquet bronze pays before it sessionizes a row: DuckDB alone parsing the CSV
/// into typed columns and writing them as date-partitioned Parquet, then reading that Parquet ordered
/// by user and time, each in its own process.
/// <c>--half-ids</c> strips the session id from every other session first.
/// </summary>
internal static class PipelineBenchmark
{
    /// <summary>How many user partitions the full build's sessionize is also split into, each timed as its own process.</summary>
    private const int Partitions = 2;

    public static int Run(long events, int repeats, string work, bool halfIds)
    {
        var cli = Machine.Cli;
        Machine.CleanFolder(work);
        var generated = Path.Combine(work, "generated");
        ChildProcess.Run("dotnet", cli, "generate", "--events", events.ToString(CultureInfo.InvariantCulture), "--seed", "42", "--out", generated);
        var all = Path.Combine(generated, "events.csv");
        if (halfIds)
        {
            StripHalfTheSessionIds(work, all);
        }

        var (before, firstDay, nextDay) = SplitDays(work, all);
        var full = new Dictionary<string, List<ChildProcess.Measurement>>();
        var firstMore = new Dictionary<string, List<ChildProcess.Measurement>>();
        var oneMore = new Dictionary<string, List<ChildProcess.Measurement>>();
        var firstUpdates = new Dictionary<string, List<ChildProcess.Measurement>>();
        var oneMoreUpdates = new Dictionary<string, List<ChildProcess.Measurement>>();
        var oneProcess = new List<ChildProcess.Measurement>();
        var oneCommand = new List<ChildProcess.Measurement>();
        var sqlFeatures = new List<ChildProcess.Measurement>();
        var (partitions, slowestPartitions, merges) = (new List<ChildProcess.Measurement>(), new List<TimeSpan>(), new List<ChildProcess.Measurement>());
        var floors = new List<TimeSpan>();
        var (parseWrites, readsOrdered) = (new List<ChildProcess.Measurement>(), new List<ChildProcess.Measurement>());
        var bin = AppContext.BaseDirectory;
        for (var r = 0; r < repeats; r++)
        {
            var lake = Path.Combine(work, "lake");
            Machine.CleanFolder(lake);
            Add(full, "ingest", ChildProcess.Run("dotnet", cli, "ingest", "--source", "canonical", "--input", generated, "--lake", lake));
            Add(full, "sessionize", ChildProcess.Run("dotnet", cli, "sessionize", "--lake", lake));
            Add(full, "features", ChildProcess.Run("dotnet", cli, "features", "--full", "--lake", lake));
            sqlFeatures.Add(ChildProcess.Run("dotnet", Path.Combine(bin, "ClickPredict.Benchmarks.dll"), "sql-features", "--lake", lake));
            floors.Add(Floor(new Lake(lake)));
            var bare = Path.Combine(work, "bare-bronze");
            Machine.CleanFolder(bare);
            parseWrites.Add(ChildProcess.Run("dotnet", Path.Combine(bin, "ClickPredict.Benchmarks.dll"), "duckdb-parse-write", "--input", all, "--out", bare));
            readsOrdered.Add(ChildProcess.Run("dotnet", Path.Combine(bin, "ClickPredict.Benchmarks.dll"), "duckdb-read-ordered", "--bronze", bare));
            Directory.Delete(bare, recursive: true);
            oneProcess.Add(ChildProcess.Run("dotnet", cli, "update", "--full", "--source", "canonical", "--input", generated, "--lake", lake));
            var split = Enumerable.Range(0, Partitions)
                .Select(i => ChildProcess.Run("dotnet", cli, "sessionize", "--lake", lake, "--partitions", $"{Partitions}", "--partition", $"{i}"))
                .ToList();
            partitions.AddRange(split);
            slowestPartitions.Add(split.Max(m => m.Wall));
            merges.Add(ChildProcess.Run("dotnet", cli, "sessionize", "--lake", lake, "--partitions", $"{Partitions}", "--merge"));
            var fresh = Path.Combine(work, "fresh");
            Machine.CleanFolder(fresh);
            oneCommand.Add(ChildProcess.Run("dotnet", cli, "update", "--full", "--source", "canonical", "--input", generated, "--lake", fresh));
            Directory.Delete(fresh, recursive: true);

            var grown = Path.Combine(work, "grown");
            Machine.CleanFolder(grown);
            ChildProcess.Run("dotnet", cli, "ingest", "--source", "canonical", "--input", before, "--lake", grown);
            ChildProcess.Run("dotnet", cli, "sessionize", "--lake", grown);
            ChildProcess.Run("dotnet", cli, "features", "--lake", grown);
            var updated = Path.Combine(work, "updated");
            CopyFolder(grown, updated);
            foreach (var (day, steps) in new[] { (firstDay, firstMore), (nextDay, oneMore) })
            {
                Add(steps, "ingest", ChildProcess.Run("dotnet", cli, "ingest", "--source", "canonical", "--input", day, "--lake", grown));
                Add(steps, "sessionize", ChildProcess.Run("dotnet", cli, "sessionize", "--lake", grown));
                Add(steps, "features", ChildProcess.Run("dotnet", cli, "features", "--lake", grown));
                Add(steps == firstMore ? firstUpdates : oneMoreUpdates, "update", ChildProcess.Run("dotnet", cli, "update", "--source", "canonical", "--input", day, "--lake", updated));
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Events: {events:N0}{(halfIds ? ", every other session without its session id" : "")}; {repeats} runs each, interleaved; medians; CPU is the child's user + system time, and how many cores that kept busy on average; peak RSS is the child's VmHWM. The CLI as `./clickpredict` publishes it (ReadyToRun).");
        report.AppendLine();
        report.AppendLine("| step | median wall | CPU (cores busy) | peak RSS |");
        report.AppendLine("|---|---|---|---|");
        foreach (var (step, runs) in full)
        {
            Row(report, step, runs);
        }

        Row(report, "**ingest + sessionize + features**", Total(full), Cpu(full), full.Values.Max(m => m.Max(x => x.PeakBytes)));
        Row(report, "sessionize + features", Wall(full["sessionize"]) + Wall(full["features"]), Cpu(full["sessionize"]) + Cpu(full["features"]),
            Math.Max(full["sessionize"].Max(m => m.PeakBytes), full["features"].Max(m => m.PeakBytes)));
        Row(report, "sessionize + features by `update --full` in one process (silver handed to features in memory; its ingest finds nothing new)", oneProcess);
        Row(report, "**ingest, then that `update`**", Wall(full["ingest"]) + Wall(oneProcess), Cpu(full["ingest"]) + Cpu(oneProcess),
            Math.Max(full["ingest"].Max(m => m.PeakBytes), oneProcess.Max(m => m.PeakBytes)));
        Row(report, "**ingest + sessionize + features by one command**: `update --full` on a new lake (one process; silver handed to features in memory)", oneCommand);
        Row(report, $"sessionize of one of {Partitions} user partitions (`--partitions {Partitions} --partition i`, a process each; median of all)", partitions);
        Row(report, "merging them (`--merge`)", merges);
        Row(report, $"{Partitions} partitions on {Partitions} machines at once: the slowest, then the merge", Machine.Median(slowestPartitions) + Wall(merges), null, null);
        Row(report, "baseline: features as before (SQL windows and as-of joins)", sqlFeatures);
        Row(report, "floor: DuckDB's bare 30-min gap query (count only)", Machine.Median(floors), null, null);
        Row(report, "floor: DuckDB alone parses the CSV into typed columns and writes them as date-partitioned Parquet (no checks; a process)", parseWrites);
        Row(report, "floor: DuckDB alone reads that Parquet ordered by user and time into memory (a process)", readsOrdered);
        Row(report, "**the two floors together**: what a design with a Parquet bronze pays before it sessionizes a row", Wall(parseWrites) + Wall(readsOrdered),
            Cpu(parseWrites) + Cpu(readsOrdered), Math.Max(parseWrites.Max(m => m.PeakBytes), readsOrdered.Max(m => m.PeakBytes)));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"One more day: the lake holds the days before the last two full ones, built in full; then one day ({Rows(firstDay):N0} events) arrives, the first increment after a full build; then the next ({Rows(nextDay):N0} events), a daily job's steady state. (The generator's last, partial day is left out here.)");
        foreach (var (label, steps, updates) in new[] { ("first day after a full build", firstMore, firstUpdates), ("**one more day (steady state)**", oneMore, oneMoreUpdates) })
        {
            report.AppendLine();
            report.AppendLine("| step | median wall | CPU (cores busy) | peak RSS |");
            report.AppendLine("|---|---|---|---|");
            foreach (var (step, runs) in steps)
            {
                Row(report, step, runs);
            }

            var grownTotal = Total(steps);
            Row(report, $"{label}, all steps", grownTotal, Cpu(steps), steps.Values.Max(m => m.Max(x => x.PeakBytes)));
            report.AppendLine(CultureInfo.InvariantCulture, $"| share of the full rebuild | {grownTotal / Total(full):P0} | | |");
            Row(report, "the same day by `update` (the three steps in one process, on a copy of the lake)", updates["update"]);
            report.AppendLine(CultureInfo.InvariantCulture, $"| its share of the full rebuild | {Total(updates) / Total(full):P0} | | |");
        }
        Machine.Publish(halfIds ? "pipeline-half-ids" : "pipeline", report.ToString());
        return 0;
    }

    /// <summary>The features stage as the SQL specification computes it (the design before the ordered pass), for the baseline.</summary>
    public static int SqlFeatures(string lakeRoot)
    {
        var lake = new Lake(lakeRoot);
        var silver = ClickPredict.Sessions.SessionsManifest.Load(lake)!;
        var output = Path.Combine(lake.Root, "_bench_sql_gold");
        Machine.CleanFolder(output);
        var options = new FeatureOptions();
        var metadata = new Dictionary<string, string> { ["build_id"] = "sql-baseline" };
        using (var sql = FeatureDatabase.Open(lake, silver))
        {
            sql.BuildPrefixes(options);
            var asOf = sql.AfterLastEvent();
            sql.ResolveHistory(examples: true, asOf);
            sql.ReleaseHistoryInputs();
            sql.WriteExamples(Path.Combine(output, "examples.parquet"), metadata);
            sql.WriteSnapshot(Path.Combine(output, "online"), asOf, metadata);
        }

        Directory.Delete(output, recursive: true);
        return 0;
    }

    /// <summary>The first floor: the canonical CSV parsed into typed columns and written as Parquet by event date, as bronze is, with nothing checked.</summary>
    public static int ParseAndWrite(string csv, string output)
    {
        using var db = DuckDb.Open(Path.Combine(output, "_spill"));
        db.Execute(
            """
            CREATE TABLE parsed AS
            SELECT CAST(event_time AS TIMESTAMP) AS event_time, user_id, session_id, event_type, item_id, category, brand,
                   CAST(price AS DOUBLE) AS price
            FROM read_csv($csv, header = true, all_varchar = true)
            """,
            ("csv", csv));
        db.Execute($"COPY (SELECT *, CAST(event_time AS DATE) AS event_date FROM parsed) TO {DuckDb.Literal(Path.Combine(output, "events"))} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (event_date), DICTIONARY_SIZE_LIMIT 1000)");
        return 0;
    }

    /// <summary>The second floor: that Parquet read back ordered by user and time, into memory, as sessionize must before its pass.</summary>
    public static int ReadOrdered(string bronze)
    {
        using var db = DuckDb.Open(Path.Combine(bronze, "_spill"));
        db.Execute($"CREATE TABLE ordered AS SELECT * FROM read_parquet({DuckDb.Literal(Path.Combine(bronze, "events", "*", "*.parquet"))}, hive_partitioning = false) ORDER BY user_id, event_time");
        return 0;
    }

    private static void Add(Dictionary<string, List<ChildProcess.Measurement>> steps, string step, ChildProcess.Measurement m)
    {
        if (!steps.TryGetValue(step, out var list))
        {
            steps[step] = list = [];
        }

        list.Add(m);
    }

    private static void CopyFolder(string from, string to)
    {
        Machine.CleanFolder(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static TimeSpan Total(Dictionary<string, List<ChildProcess.Measurement>> steps) =>
        steps.Values.Aggregate(TimeSpan.Zero, (sum, runs) => sum + Wall(runs));

    /// <summary>The steps' median CPU times, summed.</summary>
    private static TimeSpan Cpu(Dictionary<string, List<ChildProcess.Measurement>> steps) =>
        steps.Values.Aggregate(TimeSpan.Zero, (sum, runs) => sum + Cpu(runs));

    private static TimeSpan Wall(List<ChildProcess.Measurement> runs) => Machine.Median(runs.Select(m => m.Wall));

    private static TimeSpan Cpu(List<ChildProcess.Measurement> runs) => Machine.Median(runs.Select(m => m.Cpu));

    /// <summary>
    /// Writes the rows before the third-last date, the third-last date's and the second-last date's
    /// rows to three folders (canonical CSV, header kept); the last, partial date is not used.
    /// </summary>
    private static (string Before, string FirstDay, string NextDay) SplitDays(string work, string csv)
    {
        var lines = File.ReadLines(csv).Skip(1).ToList();
        var header = File.ReadLines(csv).First();
        var dates = lines.Select(l => l[..10]).Distinct().Order(StringComparer.Ordinal).ToList();
        string Folder(string name, Func<string, bool> date)
        {
            var folder = Path.Combine(work, name);
            Directory.CreateDirectory(folder);
            File.WriteAllLines(Path.Combine(folder, "events.csv"), [header, .. lines.Where(l => date(l[..10]))]);
            return folder;
        }

        return (
            Folder("before", d => string.CompareOrdinal(d, dates[^3]) < 0),
            Folder("first-day", d => d == dates[^3]),
            Folder("next-day", d => d == dates[^2]));
    }

    private static long Rows(string folder) => File.ReadLines(Path.Combine(folder, "events.csv")).LongCount() - 1;

    /// <summary>Blanks the session id of every session whose number is even, as exports without ids for part of the traffic do.</summary>
    private static void StripHalfTheSessionIds(string work, string csv)
    {
        var stripped = Path.Combine(work, "stripped.csv");
        using (var writer = new StreamWriter(stripped))
        {
            foreach (var (line, index) in File.ReadLines(csv).Select((l, i) => (l, i)))
            {
                var fields = line.Split(',');
                if (index > 0 && long.Parse(fields[2].AsSpan(1), CultureInfo.InvariantCulture) % 2 == 0)
                {
                    fields[2] = "";
                }

                writer.WriteLine(string.Join(',', fields));
            }
        }

        File.Move(stripped, csv, overwrite: true);
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

    private static void Row(StringBuilder report, string step, List<ChildProcess.Measurement> runs) =>
        Row(report, step, Wall(runs), Cpu(runs), runs.Max(m => m.PeakBytes));

    /// <summary>A table row: wall time, CPU time and the cores it kept busy (CPU / wall), peak RSS.</summary>
    private static void Row(StringBuilder report, string step, TimeSpan wall, TimeSpan? cpu, long? peak) =>
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {step} | {wall.TotalSeconds:F2} s | {(cpu is { } c ? $"{c.TotalSeconds:F1} s ({c / wall:F2})" : "-")} | {(peak is { } p ? $"{p / 1048576.0:F0} MiB" : "-")} |");
}
