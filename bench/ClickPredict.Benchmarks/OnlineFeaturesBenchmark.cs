using BenchmarkDotNet.Attributes;
using ClickPredict.Events;
using ClickPredict.Features;

namespace ClickPredict.Benchmarks;

/// <summary>
/// The online feature computation the API runs on every request, for prefixes of the sizes a live
/// session has. Baseline: sorting the same prefix into session order, which every request also needs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OnlineFeaturesBenchmark
{
    private readonly double[] destination = new double[OnlineFeatures.Count];
    private SessionEvent[] prefix = [];
    private SessionEvent[] scratch = [];
    private EntityStatsLookup stats = EntityStatsLookup.Empty;
    private UserHistory user;

    [Params(5, 20)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        prefix = [.. Enumerable.Range(0, Events).Select(i => new SessionEvent(
            start.AddSeconds((7 * i) + (i % 3)), i % 5 == 3 ? EventType.Cart : EventType.View, $"i{i % 7}", $"c{i % 3}", 10 + i))];
        scratch = new SessionEvent[Events];
        stats = new EntityStatsLookup(
            prefix.Select(e => e.ItemId).Distinct().ToDictionary(id => id, _ => new EntityStats(40, 5)),
            prefix.Select(e => e.Category!).Distinct().ToDictionary(c => c, _ => new EntityStats(400, 9)));
        user = new UserHistory(3, 1, 2, 35.5, 1, 2);
    }

    [Benchmark(Baseline = true)]
    public void SortPrefix()
    {
        prefix.CopyTo(scratch, 0);
        SessionEventOrder.Sort(scratch);
    }

    [Benchmark]
    public double ComputeFeatures()
    {
        OnlineFeatures.Compute(prefix, user, stats, destination);
        return destination[0];
    }
}
