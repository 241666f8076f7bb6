using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClickPredict.Storage;
using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Benchmarks;

/// <summary>
/// Issue 4's figures on a lake built from N generated events (default 5 M): one candidate fitted on
/// the first 1 M examples (LightGBM at the trainer's defaults and at 300 rounds; the logistic-regression baseline on the same rows
/// is the in-run reference), batch scoring of 100,000 examples, and the whole leaderboard through
/// the real CLI. Each fit runs in a child process (this program, scenario <c>fit</c>) so its peak
/// memory is its own.
/// </summary>
internal static class TrainBenchmark
{
    private const int FitRows = 1_000_000;
    private const int ScoreRows = 100_000;

    /// <summary>PR-AUC on the examples right after the fitted ones shows what a faster setting costs in quality.</summary>
    private const int HoldoutRows = 400_000;

    public static int Run(long events, int repeats, string work, bool leaderboard)
    {
        var cli = Machine.Cli;
        var self = Path.Combine(AppContext.BaseDirectory, "ClickPredict.Benchmarks.dll");
        var lake = Machine.BuildLake(cli, work, events, "sessionize", "features");

        var fits = new Dictionary<string, List<(ChildProcess.Measurement Run, FitFigures Figures)>>();
        var defaults = new TrainOptions();
        (string Label, string[] Args)[] settings =
        [
            ("logistic-regression/none (baseline)", ["--candidate", "logistic-regression/none"]),
            ("lightgbm/none, every row and feature each round", ["--candidate", "lightgbm/none", "--subsample", "1", "--feature-fraction", "1"]),
            ("lightgbm/none, 300 rounds", ["--candidate", "lightgbm/none", "--iterations", "300"]),
            ($"lightgbm/none (defaults: {defaults.Iterations} rounds, subsample {defaults.Subsample}, feature fraction {defaults.FeatureFraction})", ["--candidate", "lightgbm/none"]),
            ("lightgbm/class-weights (defaults)", ["--candidate", "lightgbm/class-weights"]),
        ];
        for (var i = 0; i < repeats; i++)
        {
            foreach (var (label, arguments) in settings)
            {
                var run = ChildProcess.Run("dotnet", [self, "fit", "--lake", lake, .. arguments]);
                fits.TryAdd(label, []);
                fits[label].Add((run, FitFigures.Parse(run.Output)));
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Lake: {events:N0} generated events; fits on the first {FitRows:N0} examples, {defaults.Iterations} rounds where boosted unless named ({repeats} runs each, interleaved; medians; peak RSS of the child, which also holds all examples in memory); PR-AUC on the next {HoldoutRows:N0} examples.");
        report.AppendLine();
        report.AppendLine("| fit on 1 M examples | median fit | peak RSS | ratio to baseline fit | scoring 100,000 examples | holdout PR-AUC |");
        report.AppendLine("|---|---|---|---|---|---|");
        var baseline = Machine.Median(fits[settings[0].Label].Select(f => f.Figures.FitSeconds));
        foreach (var (label, _) in settings)
        {
            var fit = Machine.Median(fits[label].Select(f => f.Figures.FitSeconds));
            var score = Machine.Median(fits[label].Select(f => f.Figures.ScoreSeconds));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {fit:F2} s | {fits[label].Max(f => f.Run.PeakBytes) / 1048576.0:F0} MiB | {fit / baseline:F2}× | {score:F2} s = {ScoreRows / score / 1000:F0} k examples/s | {fits[label][0].Figures.PrAuc:F4} |");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"| load {FitRows:N0}+ examples from gold (DuckDB, ordered) | {Machine.Median(fits.Values.SelectMany(f => f).Select(f => f.Figures.LoadSeconds)):F2} s | - | - | - |");
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
    /// <summary>
    /// One fit on the first 1 M examples. With <paramref name="stoppingRows"/> &gt; 0 boosting stops early on
    /// that many examples after the holdout (never on the holdout itself, which stays unseen).
    /// </summary>
    public static int Fit(string lake, string candidateName, TrainOptions options, int stoppingRows = 0)
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
        var stopping = stoppingRows > 0 ? examples.Slice(FitRows + HoldoutRows, Math.Min(stoppingRows, examples.Count - FitRows - HoldoutRows)) : null;
        var trained = new CandidateTrainer(ml, options).Fit(candidate, examples.Slice(0, FitRows), stopping);
        var fit = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var scores = BatchScorer.Score(trained.Model, trained.Correction, examples.Slice(FitRows, ScoreRows));
        var score = watch.Elapsed.TotalSeconds;
        var holdout = examples.Slice(FitRows, Math.Min(HoldoutRows, examples.Count - FitRows));
        var held = new ScoredSet([.. BatchScorer.Score(trained.Model, trained.Correction, holdout).Select(p => (double)p)], holdout.Labels());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load={load:F3} fit={fit:F3} score={score:F3} mean={scores.Average():F6} prauc={BinaryMetrics.AveragePrecision(held):F4} rounds={trained.HyperParameters.GetValueOrDefault("iterations", "-")}"));
        return 0;
    }

    /// <summary>
    /// Should the chosen model be refitted on train + validation? Fits on the first 1 M examples with early
    /// stopping on the next 400 k (validation), then refits on all 1.4 M at the round count that chose, and
    /// scores both on the 400 k after that (test, seen by neither), with the paired session bootstrap.
    /// </summary>
    public static int Refit(string lake)
    {
        var (examples, _) = ExampleLoader.Load(new Lake(lake));
        var validationEnd = FitRows + HoldoutRows;
        if (examples.Count < validationEnd + HoldoutRows)
        {
            throw new InvalidOperationException($"The lake has {examples.Count:N0} examples; the refit figure needs {validationEnd + HoldoutRows:N0}.");
        }

        var candidate = new Candidate(TrainerKind.LightGbm, ImbalanceStrategy.None);
        var options = new TrainOptions { Iterations = 400 };
        var test = examples.Slice(validationEnd, HoldoutRows);
        var bootstrap = new SessionBootstrap(test, seed: 42);
        var watch = Stopwatch.StartNew();
        var chosen = new CandidateTrainer(new MLContext(42), options).Fit(candidate, examples.Slice(0, FitRows), examples.Slice(FitRows, HoldoutRows));
        var chosenSeconds = watch.Elapsed.TotalSeconds;
        var rounds = int.Parse(chosen.HyperParameters["iterations"], CultureInfo.InvariantCulture);
        watch.Restart();
        var refitted = new CandidateTrainer(new MLContext(42), options with { Iterations = rounds }).Fit(candidate, examples.Slice(0, validationEnd));
        var refitSeconds = watch.Elapsed.TotalSeconds;
        var chosenSet = BatchScorer.ScoreSet(chosen.Model, chosen.Correction, test);
        var refitSet = BatchScorer.ScoreSet(refitted.Model, refitted.Correction, test);
        var (chosenPr, chosenRoc) = bootstrap.Replay(chosenSet);
        var (refitPr, refitRoc) = bootstrap.Replay(refitSet);
        var gain = SessionBootstrap.Interval([.. refitPr.Zip(chosenPr, (r, c) => r - c)]);
        var rocGain = SessionBootstrap.Interval([.. refitRoc.Zip(chosenRoc, (r, c) => r - c)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rounds={rounds} chosen: fit {chosenSeconds:F1} s, test PR-AUC {BinaryMetrics.AveragePrecision(chosenSet):F4}, ROC-AUC {BinaryMetrics.AreaUnderRoc(chosenSet):F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"refit on train+validation: fit {refitSeconds:F1} s, test PR-AUC {BinaryMetrics.AveragePrecision(refitSet):F4}, ROC-AUC {BinaryMetrics.AreaUnderRoc(refitSet):F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"refit - chosen, paired session bootstrap 95 %: PR-AUC {gain.Low:+0.0000;-0.0000} to {gain.High:+0.0000;-0.0000}, ROC-AUC {rocGain.Low:+0.0000;-0.0000} to {rocGain.High:+0.0000;-0.0000}"));
        return 0;
    }

    private sealed record FitFigures(double LoadSeconds, double FitSeconds, double ScoreSeconds, double PrAuc)
    {
        public static FitFigures Parse(string output)
        {
            var values = output.Trim().Split('\n')[^1].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            return new FitFigures(D(values["load"]), D(values["fit"]), D(values["score"]), D(values["prauc"]));
        }

        private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }
}
