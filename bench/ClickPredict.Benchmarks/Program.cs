using ClickPredict.Benchmarks;

// End-to-end figures: each scenario runs the real CLI in a child process, interleaved with the
// in-run baseline it is compared against, and reports medians. BenchmarkDotNet micro-benchmarks
// of the hot paths join this project as they appear.
var scenario = args.FirstOrDefault() ?? "ingest";
var events = args.SkipWhile(a => a != "--events").Skip(1).Select(long.Parse).FirstOrDefault(10_000_000);
var repeats = args.SkipWhile(a => a != "--repeats").Skip(1).Select(int.Parse).FirstOrDefault(3);
var work = args.SkipWhile(a => a != "--work").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "clickpredict-bench");

return scenario switch
{
    "ingest" => IngestBenchmark.Run(events, repeats, work),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ClickPredict.Benchmarks ingest [--events N] [--repeats R] [--work DIR]");
    return 2;
}
