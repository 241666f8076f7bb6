namespace ClickPredict.Tests.Generation;

/// <summary>A session as it appears in a generated file, with the part a live predictor could have seen before the first purchase.</summary>
public sealed record GeneratedSession(string UserId, IReadOnlyList<CsvRow> Events)
{
    public DateTime Start => Events[0].EventTime;

    public DateTime End => Events[^1].EventTime;

    public bool Converts => FirstPurchase >= 0;

    public int FirstPurchase => Events.ToList().FindIndex(e => e.EventType == "purchase");

    public IReadOnlyList<CsvRow> BeforePurchase => Converts ? Events.Take(FirstPurchase).ToList() : Events;

    public static List<GeneratedSession> From(IEnumerable<CsvRow> rows) =>
        rows.GroupBy(r => r.SessionId).Select(g => new GeneratedSession(g.First().UserId, g.ToList())).ToList();
}
