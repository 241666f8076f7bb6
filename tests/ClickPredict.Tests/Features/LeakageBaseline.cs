using ClickPredict.Generation;

namespace ClickPredict.Tests.Features;

/// <summary>
/// Generated events, their features, and the sampled examples the leakage tests perturb: cut points
/// (k ≥ 2) in sessions of users with sessions before and after, with later events in the session,
/// and a purchase after the cut. Built once for the test class.
/// </summary>
public sealed class LeakageBaseline : IDisposable
{
    public const int SampledExamples = 2;

    private readonly TempFolder temp = new();

    public LeakageBaseline()
    {
        var summary = ClickstreamGenerator.Write(new GeneratorOptions { Events = 8_000, Seed = 23 }, temp.Path);
        Events = CsvEvent.ReadAll(summary.Files[0]);
        using var lake = FeatureLake.FromRows(Events.Select(e => e.ToCsv()));
        lake.Build();
        Gold = lake.Examples();

        var sessions = Events.GroupBy(e => e.SessionKey).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Time).ToList());
        var starts = sessions.Values.Select(s => (s[0].User, Start: s[0].Time)).ToList();
        Sampled = [.. Gold.Values
            .Where(x => x.CutK >= 2 && x.Label)
            .Where(x => sessions[x.SessionKey][0].Type == "view" && sessions[x.SessionKey].Count(e => e.Time > x.CutTime) >= 2)
            .Where(x => starts.Any(s => s.User == x.UserId && s.Start < x.SessionStart) && starts.Any(s => s.User == x.UserId && s.Start > x.SessionStart))
            .OrderBy(x => x.SessionKey, StringComparer.Ordinal).ThenBy(x => x.CutK)
            .DistinctBy(x => x.UserId)
            .Take(SampledExamples)];
    }

    internal List<CsvEvent> Events { get; }

    internal Dictionary<(string SessionKey, int CutK), GoldExample> Gold { get; }

    internal List<GoldExample> Sampled { get; }

    public void Dispose() => temp.Dispose();
}
