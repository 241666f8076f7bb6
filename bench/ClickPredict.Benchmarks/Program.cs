using BenchmarkDotNet.Running;
using ClickPredict.Benchmarks;

// `hot` runs the BenchmarkDotNet micro-benchmarks of the hot paths (pass BenchmarkDotNet's own
// arguments after it, e.g. --filter '*'); the other scenarios are end-to-end figures that run the
// real CLI in a child process, interleaved with the in-run baseline they are compared against.
if (args.FirstOrDefault() == "hot")
{
    BenchmarkSwitcher.FromAssembly(typeof(OnlineFeaturesBenchmark).Assembly).Run(args[1..]);
    return 0;
}

var scenario = args.FirstOrDefault() ?? "ingest";
var events = args.SkipWhile(a => a != "--events").Skip(1).Select(long.Parse).FirstOrDefault(10_000_000);
var repeats = args.SkipWhile(a => a != "--repeats").Skip(1).Select(int.Parse).FirstOrDefault(3);
var work = args.SkipWhile(a => a != "--work").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "clickpredict-bench");
var defaults = new ClickPredict.Training.TrainOptions();

return scenario switch
{
    "ingest" => IngestBenchmark.Run(events, repeats, work),
    "pipeline" => PipelineBenchmark.Run(events, repeats, work, halfIds: args.Contains("--half-ids")),
    "sql-features" => PipelineBenchmark.SqlFeatures(Value("--lake")),
    "duckdb-parse-write" => PipelineBenchmark.ParseAndWrite(Value("--input"), Value("--out")),
    "duckdb-read-ordered" => PipelineBenchmark.ReadOrdered(Value("--bronze")),
    "train" => TrainBenchmark.Run(args.Contains("--events") ? events : 5_000_000, repeats, work, leaderboard: !args.Contains("--no-leaderboard")),
    "fit" => TrainBenchmark.Fit(Value("--lake"), Value("--candidate"), new ClickPredict.Training.TrainOptions
    {
        Iterations = args.SkipWhile(a => a != "--iterations").Skip(1).Select(int.Parse).FirstOrDefault(defaults.Iterations),
        Subsample = args.SkipWhile(a => a != "--subsample").Skip(1).Select(Number).FirstOrDefault(defaults.Subsample),
        FeatureFraction = args.SkipWhile(a => a != "--feature-fraction").Skip(1).Select(Number).FirstOrDefault(defaults.FeatureFraction),
        Leaves = args.SkipWhile(a => a != "--leaves").Skip(1).Select(int.Parse).FirstOrDefault(defaults.Leaves),
        LearningRate = args.SkipWhile(a => a != "--learning-rate").Skip(1).Select(Number).FirstOrDefault(defaults.LearningRate),
    }, args.SkipWhile(a => a != "--early-stopping-rows").Skip(1).Select(int.Parse).FirstOrDefault(0)),
    "startup" => StartupBenchmark.Run(Value("--lake"), Value("--models"), repeats, Path.Combine(work, "startup")),
    "refit" => TrainBenchmark.Refit(Value("--lake")),
    "tracking" => await TrackingBenchmark.Run(args.Contains("--events") ? events : 1_000_000, repeats, work),
    "drift" => DriftBenchmark.Run(args.Contains("--events") ? events : 1_500_000, repeats, work, reuse: args.Contains("--reuse")),
    "events" => EventsBenchmark.Run(Value("--lake"), Value("--models"), args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(10), Path.Combine(work, "events"), args.Contains("--redis")),
    "http" => HttpBenchmark.Run(Value("--lake"), Value("--models"), repeats, args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(15), Path.Combine(work, "http")),
    "dashboard" => DashboardBenchmark.Run(Value("--lake"), Value("--models"), args.SkipWhile(a => a != "--rows").Skip(1).Select(long.Parse).FirstOrDefault(1_000_000), repeats, Path.Combine(work, "dashboard")),
    "ceiling" => CeilingServer.Run(int.Parse(Value("--port"), System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static double Number(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

string Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"{name} is required.");

static int Usage()
{
    Console.Error.WriteLine("usage: ClickPredict.Benchmarks ingest|pipeline|train|tracking|drift [--events N] [--repeats R] [--work DIR] [--half-ids] | http|dashboard --lake DIR --models DIR [--repeats R] | hot [BenchmarkDotNet args]");
    return 2;
}
