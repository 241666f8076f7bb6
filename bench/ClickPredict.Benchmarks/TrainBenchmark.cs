using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClickPredict.Storage;
using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 4's figures on a lake built from N generated events (default 5 M): one candidate fitted on
/// the first 1 M examples (LightGBM, 300 rounds; the logistic-regression baseline on the same rows
/// is the in-run reference), batch scoring of 100,000 examples, and the whole leaderboard through
/// the real CLI. Each fit runs in a child process (this program, scenario <c>fit</c>) so its peak
/// memory is its own.
/// </summary>
internal static class TrainBenchmark
{
    private const int FitRows = 1_000_000;
    private const int ScoreRows = 100_000;

    public static int Run(long events, int repeats, string work, bool leaderboard)
    {
        var cli = Machine.Cli;
        var self = Path.Combine(AppContext.BaseDirectory, "ClickPredict.Benchmarks.dll");
        var lake = Machine.BuildLake(cli, work, events, "sessionize", "features");

        var fits = new Dictionary<string, List<(ChildProcess.Measurement Run, FitFigures Figures)>>();
        string[] candidates = ["logistic-regression/none", "lightgbm/none", "lightgbm/class-weights"];
        for (var i = 0; i < repeats; i++)
        {
            foreach (var candidate in candidates)
            {
                var run = ChildProcess.Run("dotnet", self, "fit", "--lake", lake, "--candidate", candidate);
                fits.TryAdd(candidate, []);
                fits[candidate].Add((run, FitFigures.Parse(run.Output)));
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Lake: {events:N0} generated events; fits on the first {FitRows:N0} examples ({repeats} runs each, interleaved; medians; peak RSS of the child, which also holds all examples in memory).");
        report.AppendLine();
        report.AppendLine("| step | median wall | peak RSS | ratio to baseline fit | scoring 100,000 examples |");
        report.AppendLine("|---|---|---|---|---|");
        var baseline = Median(fits[candidates[0]].Select(f => f.Figures.FitSeconds));
        foreach (var candidate in candidates)
        {
            var fit = Median(fits[candidate].Select(f => f.Figures.FitSeconds));
            var score = Median(fits[candidate].Select(f => f.Figures.ScoreSeconds));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| fit {candidate}{(candidate == candidates[0] ? " (baseline)" : "")}, 300 rounds where boosted | {fit:F2} s | {fits[candidate].Max(f => f.Run.PeakBytes) / 1048576.0:F0} MiB | {fit / baseline:F2}× | {score:F2} s = {ScoreRows / score / 1000:F0} k examples/s |");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"| load {FitRows:N0}+ examples from gold (DuckDB, ordered) | {Median(fits.Values.SelectMany(f => f).Select(f => f.Figures.LoadSeconds)):F2} s | - | - | - |");
        if (leaderboard)
        {
            var models = Path.Combine(work, "models");
            var full = ChildProcess.Run("dotnet", cli, "train", "--lake", lake, "--models", models);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| full leaderboard: `clickpredict train` (10 candidates, threshold tuning, test evaluation, registry) | {full.Wall.TotalSeconds:F1} s | {full.PeakBytes / 1048576.0:F0} MiB | - | - |");
        }

        Machine.Publish("train", report.ToString());
        return 0;
    }

    /// <summary>The child: load gold, fit one candidate on the first 1 M examples, score 100,000; prints the timings.</summary>
    public static int Fit(string lake, string candidateName, int iterations = 300)
    {
        var parts = candidateName.Split('/');
        var candidate = new Candidate(Candidate.ParseTrainer(parts[0]), Candidate.ParseStrategy(parts[1]));
        var watch = Stopwatch.StartNew();
        var (examples, _) = ExampleLoader.Load(new Lake(lake));
        var load = watch.Elapsed.TotalSeconds;
        if (examples.Count < FitRows + ScoreRows)
        {
            throw new InvalidOperationException($"The lake has {examples.Count:N0} examples; the benchmark needs {FitRows + ScoreRows:N0}.");
        }

        var ml = new MLContext(42);
        watch.Restart();
        var trained = new CandidateTrainer(ml, new TrainOptions { Iterations = iterations }).Fit(candidate, examples.Slice(0, FitRows));
        var fit = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var scores = BatchScorer.Score(trained.Model, trained.Correction, examples.Slice(FitRows, ScoreRows));
        var score = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load={load:F3} fit={fit:F3} score={score:F3} mean={scores.Average():F6}"));
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record FitFigures(double LoadSeconds, double FitSeconds, double ScoreSeconds)
    {
        public static FitFigures Parse(string output)
        {
            var values = output.Trim().Split('\n')[^1].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            return new FitFigures(D(values["load"]), D(values["fit"]), D(values["score"]));
        }

        private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }
}
