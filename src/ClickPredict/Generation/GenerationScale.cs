namespace ClickPredict.Generation;

/// <summary>Sizes that grow with the requested event count, so small runs still span several days.</summary>
internal sealed record GenerationScale(
    double Days,
    int Items,
    int Categories,
    long ReturnGapMedianMs,
    int InitialUsers,
    double ArrivalsPerDay)
{
    private const double EventsPerSession = 5.2;
    private const double SessionsPerUser = 3.4;
    private const double InitialUserShare = 0.25;

    public static GenerationScale For(long events)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        var days = Math.Clamp(4 + 45 * Math.Sqrt(events / 1e7), 4, 90);
        var items = (int)Math.Clamp(events / 100, 2_000, 200_000);
        var categories = Math.Clamp(items / 250, 200, 400);
        var users = events / EventsPerSession / SessionsPerUser;
        return new GenerationScale(
            days,
            items,
            categories,
            ReturnGapMedianMs: (long)(days / 12 * ActivityRhythm.MsPerDay),
            InitialUsers: (int)Math.Ceiling(users * InitialUserShare),
            ArrivalsPerDay: users * (1 - InitialUserShare) / days);
    }
}
