using System.Diagnostics;
using System.Text.Json;
using ClickPredict.Storage;
using Xunit.Abstractions;

namespace ClickPredict.Cli.Tests;

/// <summary>
/// Fault injection: each stage (ingest, sessionize, features, train) is killed with SIGKILL at seeded
/// random points of its run. After every kill the lake and the registry read cleanly (every visible
/// Parquet and JSON file whole, every registered version complete), and the stage's next run succeeds
/// and gives what an uninterrupted run gives: the same bronze, silver and gold rows and the same
/// champion metrics. Kills per stage are bounded so CI stays quick.
/// </summary>
public class CrashSafetyTests(ITestOutputHelper output)
{
    private const int KillsPerStage = 3;

    private static readonly string[][] Stages =
    [
        ["ingest", "--source", "canonical", "--input", "gen"],
        ["sessionize"],
        ["features"],
        ["train", "--trainers", "lightgbm", "--strategies", "class-weights", "--iterations", "50"],
    ];

    [Fact]
    public void Killed_at_random_points_every_stage_leaves_a_readable_lake_and_reruns_to_the_uninterrupted_result()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliProcess.Run(temp.Path, "generate", "--events", "300000", "--seed", "11", "--out", "gen").ExitCode);

        var reference = new Dictionary<string, TimeSpan>();
        foreach (var stage in Stages)
        {
            var clock = Stopwatch.StartNew();
            var run = CliProcess.Run(temp.Path, [.. stage, "--lake", "lake-a", .. Registry(stage, "models-a")]);
            Assert.True(run.ExitCode == 0, run.All);
            reference[stage[0]] = clock.Elapsed;
        }

        var random = new Random(2026);
        var kills = 0;
        foreach (var stage in Stages)
        {
            string[] args = [.. stage, "--lake", "lake-b", .. Registry(stage, "models-b")];
            for (var k = 0; k < KillsPerStage; k++)
            {
                // Past the first third: the process has started (about 0.2 s) and is doing the stage's work.
                var after = reference[stage[0]] * (0.35 + (0.65 * random.NextDouble()));
                var killed = CliProcess.Kill(temp.Path, after, args);
                kills += killed ? 1 : 0;
                output.WriteLine($"{stage[0]}: {(killed ? "killed" : "finished before")} at {after.TotalMilliseconds:F0} ms");
                AssertReadsCleanly(Path.Combine(temp.Path, "lake-b"), Path.Combine(temp.Path, "models-b"));
            }

            var rerun = CliProcess.Run(temp.Path, args);
            Assert.True(rerun.ExitCode == 0, $"{stage[0]} after kills: {rerun.All}");
            AssertReadsCleanly(Path.Combine(temp.Path, "lake-b"), Path.Combine(temp.Path, "models-b"));
        }

        Assert.True(kills >= Stages.Length, $"only {kills} runs were killed mid-way; the test would prove little");
        foreach (var folder in new[] { "bronze/events", "silver/sessions", "silver/session_events", "gold/examples", "gold/online" })
        {
            Assert.Equal(Checksum(Path.Combine(temp.Path, "lake-a", folder)), Checksum(Path.Combine(temp.Path, "lake-b", folder)));
        }

        Assert.Equal(Champion(Path.Combine(temp.Path, "models-a")), Champion(Path.Combine(temp.Path, "models-b")));
    }

    private static string[] Registry(string[] stage, string folder) => stage[0] == "train" ? ["--models", folder] : [];

    /// <summary>Every Parquet and JSON file a reader can see (not a dot-named temporary, not in staging or spill) is whole.</summary>
    private static void AssertReadsCleanly(string lake, string models)
    {
        var visible = new[] { lake, models }.Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') || part.StartsWith('_'))))
            .ToList();
        using var db = DuckDb.Open(Path.Combine(Path.GetTempPath(), "clickpredict-crash-tests"));
        foreach (var file in visible.Where(f => f.EndsWith(".parquet", StringComparison.Ordinal)))
        {
            db.Scalar<long>("SELECT count(*) FROM read_parquet($file)", ("file", file));
        }

        foreach (var file in visible.Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var _ = JsonDocument.Parse(File.ReadAllText(file));
        }

        foreach (var version in Directory.Exists(models) ? Directory.EnumerateDirectories(models, "*", SearchOption.AllDirectories) : [])
        {
            if (int.TryParse(Path.GetFileName(version), out _))
            {
                Assert.True(File.Exists(Path.Combine(version, "model.zip")) && File.Exists(Path.Combine(version, "model.json")), $"{version} is incomplete");
            }
        }
    }

    /// <summary>Rows and an order-free hash of every row in the folder's Parquet files.</summary>
    private static string Checksum(string folder)
    {
        using var db = DuckDb.Open(Path.Combine(Path.GetTempPath(), "clickpredict-crash-tests"));
        var glob = Path.Combine(folder, "**", "*.parquet");
        return db.Scalar<string>("SELECT count(*) || ' rows, hash ' || coalesce(sum(hash(t)), 0) FROM read_parquet($glob, union_by_name = true) t", ("glob", glob));
    }

    /// <summary>The champion's candidate and test metrics, as `models show` prints them.</summary>
    private static string Champion(string models)
    {
        var folder = Path.Combine(models, "clickpredict");
        var aliases = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "aliases.json"))).RootElement;
        var version = aliases.GetProperty("championVersion").GetInt32();
        var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "model.json"))).RootElement;
        return $"{card.GetProperty("candidate")} {card.GetProperty("test")}";
    }
}
