namespace ClickPredict.Tests.Features;

/// <summary>
/// Label leakage: an example's features may depend only on its prefix and on history strictly before
/// its session started. Each case rebuilds the whole pipeline (ingest → sessionize → features) from
/// the generated events with one kind of change made around a sampled example, and compares that
/// example's row with the baseline's.
/// </summary>
public class LeakageTests(LeakageBaseline baseline) : IClassFixture<LeakageBaseline>
{
    public static TheoryData<string, int> Kinds(string[] kinds)
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in kinds)
        {
            for (var i = 0; i < LeakageBaseline.SampledExamples; i++)
            {
                data.Add(kind, i);
            }
        }

        return data;
    }

    public static TheoryData<string, int> Invisible => Kinds(["after the cut", "later sessions", "purchases after the start"]);

    public static TheoryData<string, int> Visible => Kinds(["in the prefix", "earlier session", "just before the start"]);

    [Theory]
    [MemberData(nameof(Invisible))]
    public void Changing_what_happens_at_or_after_the_cut_leaves_the_example_unchanged(string kind, int sample)
    {
        var example = baseline.Sampled[sample];

        var after = Rebuild(Mutate(kind, example), example);

        Assert.Empty(FeatureComparison.Differences(example.Features, after.Features));
    }

    [Theory]
    [MemberData(nameof(Visible))]
    public void Changing_what_happened_before_changes_the_example(string kind, int sample)
    {
        var example = baseline.Sampled[sample];

        var after = Rebuild(Mutate(kind, example), example);

        var (feature, change) = kind switch
        {
            "in the prefix" => ("prefix_view_price_max", 1000.0),
            "earlier session" => ("user_prev_purchases", 1.0),
            _ => ("item_views", 1.0),
        };
        Assert.Equal(example[feature] + change, after[feature], 9);
    }

    [Fact]
    public void The_sampled_examples_reach_into_history_and_have_events_to_change()
    {
        Assert.Equal(LeakageBaseline.SampledExamples, baseline.Sampled.Count);
        Assert.All(baseline.Sampled, e =>
        {
            Assert.True(e["user_prev_sessions"] >= 1);
            Assert.True(e["prefix_events"] >= 2);
        });
    }

    private GoldExample Rebuild(List<CsvEvent> events, GoldExample example)
    {
        using var lake = FeatureLake.FromRows(events.Select(e => e.ToCsv()));
        lake.Build();
        return lake.Examples().GetValueOrDefault((example.SessionKey, example.CutK))
            ?? throw new Xunit.Sdk.XunitException($"{example.SessionKey} k={example.CutK} is no longer an example.");
    }

    /// <summary>The generated events with one kind of change made around <paramref name="x"/>.</summary>
    private List<CsvEvent> Mutate(string kind, GoldExample x)
    {
        var events = baseline.Events;
        var session = events.Where(e => e.SessionKey == x.SessionKey).OrderBy(e => e.Time).ToList();
        var cutItem = session.Last(e => e.Time <= x.CutTime);
        var later = events.Where(e => e.User == x.UserId && e.SessionKey != x.SessionKey && e.Time > x.SessionStart).Select(e => e.Session).Distinct().ToList();
        var earlier = events.Where(e => e.User == x.UserId && e.Time < x.SessionStart).MaxBy(e => e.Time)!;
        CsvEvent Stranger(int n, DateTime time, string type, string item, string category) =>
            new(time, $"leak-user-{n}", $"leak-session-{n}", type, item, category, "b-leak", 99);

        return kind switch
        {
            // Events after the cut in the session: types, items and prices changed, every other one deleted.
            "after the cut" => [.. events
                .Where(e => !(e.SessionKey == x.SessionKey && e.Time > x.CutTime && e.Time.Ticks / TimeSpan.TicksPerMillisecond % 2 == 0))
                .Select(e => e.SessionKey == x.SessionKey && e.Time > x.CutTime
                    ? e with { Type = e.Type == "purchase" ? "cart" : "purchase", Item = cutItem.Item, Price = e.Price * 3 }
                    : e)],

            // The user's later sessions: the first deleted, the others turned into purchases; plus a new
            // purchasing session of the user starting exactly when the example's session starts.
            "later sessions" => [.. events
                .Where(e => !(e.User == x.UserId && e.Session == later[0]))
                .Select(e => e.User == x.UserId && later.Contains(e.Session) ? e with { Type = "purchase", Price = 500 } : e),
                new CsvEvent(x.SessionStart, x.UserId, "leak-same-start", "purchase", cutItem.Item, cutItem.Category, "b-leak", 77)],

            // Purchases of the cut's item and category by other users: exactly at the session start,
            // just after it, and at the end of the data; and every later view of the item becomes a purchase.
            "purchases after the start" => [.. events
                .Select(e => e.Item == cutItem.Item && e.Type == "view" && e.Time >= x.SessionStart && e.SessionKey != x.SessionKey ? e with { Type = "purchase" } : e),
                Stranger(1, x.SessionStart, "purchase", cutItem.Item, cutItem.Category),
                Stranger(2, x.SessionStart, "view", cutItem.Item, cutItem.Category),
                Stranger(3, x.SessionStart.AddMilliseconds(1), "purchase", cutItem.Item, cutItem.Category),
                Stranger(4, events.Max(e => e.Time).AddHours(1), "purchase", cutItem.Item, cutItem.Category)],

            // The first event of the prefix (a view) costs 1,000 more.
            "in the prefix" => [.. events.Select(e => e == session[0] ? e with { Price = session.Where(v => v.Time <= x.CutTime && v.Type == "view").Max(v => v.Price) + 1000 } : e)],

            // One more purchase at the end of the user's previous session.
            "earlier session" => [.. events, earlier with { Time = earlier.Time.AddMilliseconds(1), Type = "purchase" }],

            // Another user views the cut's item a millisecond before the session starts.
            _ => [.. events, Stranger(5, x.SessionStart.AddMilliseconds(-1), "view", cutItem.Item, cutItem.Category)],
        };
    }
}
