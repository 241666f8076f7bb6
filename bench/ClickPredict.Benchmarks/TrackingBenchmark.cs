using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ClickPredict.Mlflow.StandIn;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 5's figure: what MLflow logging adds to <c>clickpredict train</c>. The same training runs
/// with and without MLFLOW_TRACKING_URI, interleaved; the server is the in-process stand-in (the
/// documented REST contract on a real loopback port), not MLflow, which cannot run here.
/// </summary>
internal static partial class TrackingBenchmark
{
    public static async Task<int> Run(long events, int repeats, string work)
    {
        var lake = Machine.BuildLake(Machine.Cli, work, events, "sessionize", "features");
        await using var mlflow = await MlflowStandInServer.StartAsync();
        var tracked = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = mlflow.Uri.ToString() };
        string[] train = ["train", "--lake", lake, "--trainers", "lightgbm,logistic-regression", "--strategies", "none,class-weights", "--iterations", "100"];
        var plain = new List<TimeSpan>();
        var logged = new List<TimeSpan>();
        var took = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            plain.Add(ChildProcess.Run("dotnet", [Machine.Cli, .. train, "--models", Path.Combine(work, "models-plain")]).Wall);
            var run = ChildProcess.Run(tracked, "dotnet", [Machine.Cli, .. train, "--models", Path.Combine(work, "models-tracked")]);
            logged.Add(run.Wall);
            took.Add(double.Parse(TrackingTook().Match(run.Output).Groups[1].Value, CultureInfo.InvariantCulture));
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Lake: {events:N0} generated events; `clickpredict train` with 4 candidates (1 parent + 4 child runs, 8 artifacts, a model version and an alias), {repeats} runs each, interleaved; medians. Server: the in-process stand-in, not MLflow.");
        report.AppendLine();
        report.AppendLine("| step | median wall |");
        report.AppendLine("|---|---|");
        var without = Machine.Median(plain);
        var with = Machine.Median(logged);
        report.AppendLine(CultureInfo.InvariantCulture, $"| train, no tracking (baseline) | {without.TotalSeconds:F2} s |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| train, logging to the stand-in | {with.TotalSeconds:F2} s |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| difference of medians | {(with - without).TotalSeconds:F2} s |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| tracking step as timed by the CLI | {took.Order().ElementAt(took.Count / 2):F2} s |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| requests per training | {mlflow.Requests.Count / repeats} |");
        Machine.Publish("tracking", report.ToString());
        return 0;
    }

    [GeneratedRegex(@"tracking took ([\d.]+) s")]
    private static partial Regex TrackingTook();
}
