using ClickPredict.Events;

namespace ClickPredict.Generation;

internal sealed record GeneratorSummary(
    long Events,
    int Users,
    int Sessions,
    int ConvertingSessions,
    IReadOnlyDictionary<EventType, long> EventTypeCounts,
    DateTime FirstEventTime,
    DateTime LastEventTime,
    IReadOnlyList<string> Files)
{
    public double ConvertingSessionShare => Sessions == 0 ? 0 : (double)ConvertingSessions / Sessions;
}
