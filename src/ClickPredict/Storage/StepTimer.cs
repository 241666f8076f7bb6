using System.Diagnostics;

namespace ClickPredict.Storage;

/// <summary>Wall time per named step, so benchmarks can say where the time goes.</summary>
internal sealed class StepTimer
{
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private readonly List<(string, TimeSpan)> laps = [];

    public IReadOnlyList<(string Step, TimeSpan Elapsed)> Laps => laps;

    public void Lap(string step)
    {
        laps.Add((step, watch.Elapsed));
        watch.Restart();
    }
}
