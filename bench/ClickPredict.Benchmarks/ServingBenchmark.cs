using BenchmarkDotNet.Attributes;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Monitoring;
using ClickPredict.Api.PredictionLog;
using ClickPredict.Api.Predictions;
using ClickPredict.Api.Serving;
using ClickPredict.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClickPredict.Benchmarks;

/// <summary>
/// What POST /v1/predictions does per request, without HTTP and JSON, for a 20-event session, on a
/// real registered model and online snapshot (CLICKPREDICT_MODELS and CLICKPREDICT_LAKE, default
/// <c>models</c> and <c>data/lake</c>). Baseline: sort + online features alone.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ServingBenchmark
{
    private const int Events = 20;
    private readonly double[] features = new double[OnlineFeatures.Count];
    private readonly SessionEvent[] scratch = new SessionEvent[Events];
    private readonly LimitsOptions limits = new();
    private SessionEvent[] session = [];
    private PredictionRequest request = new(null, null);
    private ServingState state = null!;
    private SessionScorer scorer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var serving = new ServingOptions
        {
            ModelsFolder = Environment.GetEnvironmentVariable("CLICKPREDICT_MODELS") ?? "models",
            LakeFolder = Environment.GetEnvironmentVariable("CLICKPREDICT_LAKE") ?? "data/lake",
            LiveFolder = Path.Combine(Path.GetTempPath(), "clickpredict-bench-live"),
        };
        var metrics = new ServingMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        state = new ModelHost(Options.Create(serving), metrics, NullLogger<ModelHost>.Instance).ReloadAsync().GetAwaiter().GetResult();
        var log = new PredictionLogWriter(Options.Create(new PredictionLogOptions { Folder = null }), metrics, NullLogger<PredictionLogWriter>.Instance);
        scorer = new SessionScorer(metrics, log, Options.Create(limits), new LiveState(Options.Create(serving), Options.Create(new LiveOptions()), new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), TimeProvider.System, NullLogger<LiveState>.Instance));
        var start = new DateTimeOffset(2024, 1, 13, 10, 0, 0, TimeSpan.Zero);
        request = new PredictionRequest("u000042", [.. Enumerable.Range(0, Events).Select(i => new SessionEventRequest(
            start.AddSeconds((23 * i) + (i % 4)), i % 6 == 5 ? "cart" : "view", $"i{(i * 37) % 3000:0000000}", $"c{i % 4:000}", "b001", 10 + i))]);
        var errors = new Dictionary<string, string[]>();
        session = SessionValidator.Validate(request, "", limits, DateTimeOffset.UtcNow, errors)!;
    }

    [Benchmark(Baseline = true)]
    public double Features()
    {
        session.CopyTo(scratch, 0);
        SessionEventOrder.Sort(scratch);
        OnlineFeatures.Compute(scratch, state.Snapshot.User("u000042"), state.Snapshot.Stats, features);
        return features[0];
    }

    [Benchmark]
    public double FeaturesAndScore()
    {
        session.CopyTo(scratch, 0);
        SessionEventOrder.Sort(scratch);
        OnlineFeatures.Compute(scratch, state.Snapshot.User("u000042"), state.Snapshot.Stats, features);
        return state.Champion.Score(features);
    }

    /// <summary>The handler's work: validate and convert the request, features, score, decision, metrics, log hand-off.</summary>
    [Benchmark]
    public double Handler()
    {
        var events = SessionValidator.Validate(request, "", limits, DateTimeOffset.UtcNow, new Dictionary<string, string[]>())!;
        return scorer.Score(state, "champion", state.Champion, "u000042", events, explain: false)!.Probability;
    }
}
