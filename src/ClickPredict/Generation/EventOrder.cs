namespace ClickPredict.Generation;

/// <summary>Output order: time, then session (numbered by start), then position in the session.</summary>
internal readonly struct EventOrder : IComparer<GeneratedEvent>
{
    public int Compare(GeneratedEvent x, GeneratedEvent y)
    {
        var byTime = x.UnixMs.CompareTo(y.UnixMs);
        if (byTime != 0)
        {
            return byTime;
        }

        var bySession = x.Session.CompareTo(y.Session);
        return bySession != 0 ? bySession : x.Sequence.CompareTo(y.Sequence);
    }
}
