using System.Text.Json.Nodes;
using ClickPredict.Storage;

namespace ClickPredict.Cli.Tests;

public class UpdateCommandTests
{
    /// <summary>Generated events split into all dates but the last (day one) and the last (day two), as two canonical CSV files.</summary>
    private static (string DayOne, string DayTwo) TwoDays(string folder)
    {
        var generate = CliProcess.Run(folder, "generate", "--events", "20000", "--seed", "5", "--out", "gen");
        Assert.Equal(0, generate.ExitCode);
        var lines = File.ReadAllLines(Path.Combine(folder, "gen", "events.csv"));
        var last = lines.Skip(1).Max(l => l[..10])!;
        Directory.CreateDirectory(Path.Combine(folder, "one"));
        Directory.CreateDirectory(Path.Combine(folder, "two"));
        File.WriteAllLines(Path.Combine(folder, "one", "events.csv"), [lines[0], .. lines.Skip(1).Where(l => l[..10] != last)]);
        File.WriteAllLines(Path.Combine(folder, "two", "events.csv"), [lines[0], .. lines.Skip(1).Where(l => l[..10] == last)]);
        return (Path.Combine("one", "events.csv"), Path.Combine("two", "events.csv"));
    }

    private static JsonNode Manifest(string folder, string lake, string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(folder, lake, file)))!;

    /// <summary>Each examples file's bytes by its session-start date (a date file's bytes do not depend on the build).</summary>
    private static Dictionary<string, byte[]> ExamplesByDate(string folder, string lake) =>
        Directory.EnumerateFiles(Path.Combine(folder, lake, "gold", "examples"), "part-*.parquet")
            .ToDictionary(f => Path.GetFileName(f)[5..15], File.ReadAllBytes);

    /// <summary>Rows and an order-free hash of every row of the online snapshot.</summary>
    private static string Snapshot(string folder, string lake)
    {
        using var db = DuckDb.Open(Path.Combine(Path.GetTempPath(), "clickpredict-update-tests"));
        return string.Join(", ", new[] { "users", "items", "categories" }.Select(table => db.Scalar<string>(
            "SELECT count(*) || ' rows, hash ' || coalesce(sum(hash(t)), 0) FROM read_parquet($file) t",
            ("file", Path.Combine(folder, lake, "gold", "online", $"{table}.parquet")))));
    }

    [Fact]
    public void Update_gives_the_lake_the_three_commands_give_and_the_second_day_is_incremental()
    {
        using var temp = new TempFolder();
        var (one, two) = TwoDays(temp.Path);

        var first = CliProcess.Run(temp.Path, "update", "--source", "canonical", "--input", one, "--lake", "updated");
        var second = CliProcess.Run(temp.Path, "update", "--source", "canonical", "--input", two, "--lake", "updated");
        var again = CliProcess.Run(temp.Path, "update", "--source", "canonical", "--input", two, "--lake", "updated");
        foreach (var input in new[] { one, two })
        {
            Assert.Equal(0, CliProcess.Run(temp.Path, "ingest", "--source", "canonical", "--input", input, "--lake", "stepwise").ExitCode);
            Assert.Equal(0, CliProcess.Run(temp.Path, "sessionize", "--lake", "stepwise").ExitCode);
            Assert.Equal(0, CliProcess.Run(temp.Path, "features", "--lake", "stepwise").ExitCode);
        }

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("Committed features build", first.Output, StringComparison.Ordinal);
        Assert.Contains("handed over by sessionize", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("handed over", second.Output, StringComparison.Ordinal);
        Assert.Contains("Incremental: bronze changed from", second.Output, StringComparison.Ordinal);
        Assert.Matches("dates from [0-9-]+ rebuilt", second.Output);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("is up to date with bronze", again.Output, StringComparison.Ordinal);
        Assert.Matches(@"Features build \S+ is up to date with silver build", again.Output);
        foreach (var (file, counts) in new[] { ("silver/_sessions.json", "counts"), ("gold/_features.json", "examples") })
        {
            var updated = Manifest(temp.Path, "updated", file)[counts]!.ToJsonString();
            Assert.Equal(Manifest(temp.Path, "stepwise", file)[counts]!.ToJsonString(), updated);
            Assert.Contains("\"sessions\":", updated, StringComparison.Ordinal);
        }

        // The same gold byte for byte, though the first day's features took silver from memory and
        // numbered its ids in the pass's order; the second day resumed from that build's checkpoint.
        var stepwise = ExamplesByDate(temp.Path, "stepwise");
        var viaUpdate = ExamplesByDate(temp.Path, "updated");
        Assert.True(stepwise.Count > 2);
        Assert.Equal(stepwise.Keys.Order(), viaUpdate.Keys.Order());
        Assert.All(stepwise, date => Assert.True(date.Value.AsSpan().SequenceEqual(viaUpdate[date.Key]), $"examples of {date.Key} differ"));
        Assert.Equal(Snapshot(temp.Path, "stepwise"), Snapshot(temp.Path, "updated"));
    }

    [Fact]
    public void Update_full_rebuilds_silver_and_gold_in_one_process_and_gives_the_incremental_builds_bytes()
    {
        using var temp = new TempFolder();
        var (one, two) = TwoDays(temp.Path);
        Assert.Equal(0, CliProcess.Run(temp.Path, "update", "--source", "canonical", "--input", one, "--lake", "lake").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "update", "--source", "canonical", "--input", two, "--lake", "lake").ExitCode);
        var incremental = ExamplesByDate(temp.Path, "lake");
        var snapshot = Snapshot(temp.Path, "lake");

        var rebuild = CliProcess.Run(temp.Path, "update", "--full", "--source", "canonical", "--input", two, "--lake", "lake");

        Assert.Equal(0, rebuild.ExitCode);
        Assert.Contains("Every session rebuilt (--full)", rebuild.Output, StringComparison.Ordinal);
        Assert.Contains("every date rebuilt (--full)", rebuild.Output, StringComparison.Ordinal);
        Assert.Contains("handed over by sessionize", rebuild.Output, StringComparison.Ordinal);
        var rebuilt = ExamplesByDate(temp.Path, "lake");
        Assert.Equal(incremental.Keys.Order(), rebuilt.Keys.Order());
        Assert.All(incremental, date => Assert.True(date.Value.AsSpan().SequenceEqual(rebuilt[date.Key]), $"examples of {date.Key} differ"));
        Assert.Equal(snapshot, Snapshot(temp.Path, "lake"));
    }

    [Fact]
    public void Update_keeps_the_gap_and_cut_points_the_lake_was_built_with()
    {
        using var temp = new TempFolder();
        var (one, two) = TwoDays(temp.Path);
        Assert.Equal(0, CliProcess.Run(temp.Path, "ingest", "--source", "canonical", "--input", one, "--lake", "lake").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "sessionize", "--gap-minutes", "45", "--lake", "lake").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "features", "--max-cut", "8", "--dense-cuts", "3", "--cut-stride", "2", "--lake", "lake").ExitCode);

        var update = CliProcess.Run(temp.Path, "update", "--source", "canonical", "--input", two, "--lake", "lake");

        Assert.Equal(0, update.ExitCode);
        Assert.Contains("Incremental: bronze changed from", update.Output, StringComparison.Ordinal);
        Assert.Matches("dates from [0-9-]+ rebuilt", update.Output);
        Assert.Equal(2700, Manifest(temp.Path, "lake", "silver/_sessions.json")["gapSeconds"]!.GetValue<double>());
        var gold = Manifest(temp.Path, "lake", "gold/_features.json");
        Assert.Equal((8, 3, 2), (gold["maxCut"]!.GetValue<int>(), gold["denseCuts"]!.GetValue<int>(), gold["cutStride"]!.GetValue<int>()));
    }

    [Fact]
    public void A_rejected_strict_update_adds_nothing_and_builds_nothing()
    {
        using var temp = new TempFolder();
        var (one, _) = TwoDays(temp.Path);
        Assert.Equal(0, CliProcess.Run(temp.Path, "update", "--source", "canonical", "--input", one, "--lake", "lake").ExitCode);
        var silver = File.ReadAllText(Path.Combine(temp.Path, "lake", "silver", "_sessions.json"));
        File.WriteAllText(Path.Combine(temp.Path, "bad.csv"), "event_time,user_id,session_id,event_type,item_id,category,brand,price\nnot a time,u1,,view,i1,c1,b1,1.0\n");

        var update = CliProcess.Run(temp.Path, "update", "--source", "canonical", "--input", "bad.csv", "--strict", "--lake", "lake");

        Assert.Equal(3, update.ExitCode);
        Assert.Contains("Nothing was added", update.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Committed silver build", update.Output, StringComparison.Ordinal);
        Assert.Equal(silver, File.ReadAllText(Path.Combine(temp.Path, "lake", "silver", "_sessions.json")));
    }
}
