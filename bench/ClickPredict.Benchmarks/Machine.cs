using System.Globalization;

namespace ClickPredict.Benchmarks;

internal static class Machine
{
    /// <summary>
    /// The CLI as <c>./clickpredict</c> runs it: the launcher publishes it (Release, ReadyToRun) into
    /// <c>artifacts/cli</c>, and running it once with <c>--version</c> brings that folder up to date.
    /// </summary>
    public static string Cli => LauncherCli.Value;

    /// <summary>
    /// The CLI as its own project built it (no ReadyToRun), for the same configuration as this program.
    /// Not the copy in this program's folder: that folder also holds the ASP.NET stand-in MLflow server,
    /// which makes the build drop assemblies the shared ASP.NET framework carries and the CLI does not load.
    /// </summary>
    public static string BuildOutputCli { get; } = Path.Combine(
        Repository.Root, "src", "ClickPredict.Cli", "bin", Repository.Configuration, "ClickPredict.Cli.dll");

    private static readonly Lazy<string> LauncherCli = new(() =>
    {
        ChildProcess.Run("bash", Path.Combine(Repository.Root, "clickpredict"), "--version");
        return Path.Combine(Repository.Root, "artifacts", "cli", "ClickPredict.Cli.dll");
    });

    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory:F0} GiB RAM, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }

    public static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Prints a report and saves it as <c>bench/results/&lt;name&gt;.md</c> under the current folder.</summary>
    public static void Publish(string name, string report)
    {
        Console.WriteLine(report);
        var results = Path.Combine(Directory.GetCurrentDirectory(), "bench", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, name + ".md"), report);
    }

    public static void CleanFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
    }

    /// <summary>Generates <paramref name="events"/> events into <paramref name="work"/> and runs the CLI stages named, in order, on the lake there.</summary>
    public static string BuildLake(string cli, string work, long events, params string[] stages)
    {
        CleanFolder(work);
        var generated = Path.Combine(work, "generated");
        var lake = Path.Combine(work, "lake");
        ChildProcess.Run("dotnet", cli, "generate", "--events", events.ToString(CultureInfo.InvariantCulture), "--seed", "42", "--out", generated);
        ChildProcess.Run("dotnet", cli, "ingest", "--source", "canonical", "--input", generated, "--lake", lake);
        foreach (var stage in stages)
        {
            ChildProcess.Run("dotnet", cli, stage, "--lake", lake);
        }

        return lake;
    }

    /// <summary>Where this program runs from: the clone's root, and its output folder under <c>bin</c> (configuration, framework, RID).</summary>
    private static class Repository
    {
        private static readonly string Bin = Path.Combine("bench", "ClickPredict.Benchmarks", "bin");
        private static readonly int BinAt = AppContext.BaseDirectory.IndexOf(Bin, StringComparison.Ordinal);

        public static string Root { get; } = AppContext.BaseDirectory[..BinAt];

        public static string Configuration { get; } = AppContext.BaseDirectory[(BinAt + Bin.Length + 1)..];
    }
}
