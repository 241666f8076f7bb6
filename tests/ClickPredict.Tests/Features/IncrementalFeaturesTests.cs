using System.IO.Hashing;
using ClickPredict.Features;

namespace ClickPredict.Tests.Features;

/// <summary>
/// Gold is one examples file per session-start date. After an ingest, features rebuilds only the
/// dates from the first session that reaches a changed bronze date, and every file it writes is, byte
/// for byte, the file a full rebuild writes; the dates before are kept as they were.
/// </summary>
public class IncrementalFeaturesTests
{
    [Fact]
    public void One_more_day_rebuilds_only_the_last_dates_and_gives_the_bytes_of_a_full_rebuild()
    {
        var days = FeatureLake.GeneratedDays(events: 30_000, seed: 31);
        var last = days.Keys.Max();
        using var lake = FeatureLake.FromRows(days.Where(d => d.Key < last).SelectMany(d => d.Value));
        var before = lake.Build().Gold;

        lake.Ingest(days[last]);
        lake.Sessionize();
        var incremental = lake.Build();

        Assert.StartsWith($"dates from {Key(last.AddDays(-1))} rebuilt", incremental.Scope, StringComparison.Ordinal);
        Assert.Matches($"; history as of {Key(last.AddDays(-1))} 00:00 \\([0-9,]+ users\\) resumed, silver read from then on$", incremental.Scope);
        var after = incremental.Gold;
        Assert.Equal(before.ExamplesByDate!.Count + 1, after.ExamplesByDate!.Count);
        foreach (var (date, file) in before.ExamplesByDate.Where(d => d.Key.CompareTo(Key(last.AddDays(-1))) < 0))
        {
            Assert.Equal(file, after.ExamplesByDate[date]);
        }

        AssertSameBytesAsFullRebuild(lake, after);
    }

    [Fact]
    public void Late_rows_for_an_early_date_rebuild_from_that_date_on()
    {
        var days = FeatureLake.GeneratedDays(events: 20_000, seed: 32);
        using var lake = FeatureLake.FromRows(days.Values.SelectMany(d => d));
        lake.Build();
        var third = days.Keys.Order().ElementAt(2);

        lake.Ingest([SessionLakeEvent($"{Key(third)} 12:00:00", "late-user", "late-session", "purchase")]);
        lake.Sessionize();
        var incremental = lake.Build();

        // From the late row's date, or the day before when a session there runs past midnight into it.
        Assert.Matches($"^dates from ({Key(third)} rebuilt, 2|{Key(third.AddDays(-1))} rebuilt, 1) earlier date\\(s\\) kept", incremental.Scope);
        Assert.DoesNotContain("resumed", incremental.Scope, StringComparison.Ordinal);   // the checkpoint is after the change: silver is read whole
        AssertSameBytesAsFullRebuild(lake, incremental.Gold);
    }

    [Fact]
    public void Sessions_running_across_the_checkpoint_count_once_when_the_replay_resumes()
    {
        using var lake = FeatureLake.FromRows([
            // u1 converts before the checkpoint (the start of the last date, 03-05) and buys again after it.
            SessionLakeEvent("2024-03-04 23:50:00", "u1", "sx", "view"),
            SessionLakeEvent("2024-03-04 23:55:00", "u1", "sx", "purchase"),
            SessionLakeEvent("2024-03-05 00:10:00", "u1", "sx", "purchase"),
            // u2's session starts before it and converts after it.
            SessionLakeEvent("2024-03-04 23:58:00", "u2", "sy", "view"),
            SessionLakeEvent("2024-03-05 00:05:00", "u2", "sy", "purchase"),
            SessionLakeEvent("2024-03-05 09:00:00", "u3", "sz", "view"),
        ]);
        lake.Build();

        lake.Ingest([SessionLakeEvent("2024-03-06 10:00:00", "u1", "s1", "view"), SessionLakeEvent("2024-03-06 10:00:00", "u2", "s2", "view")]);
        lake.Sessionize();
        var incremental = lake.Build();

        Assert.Contains("history as of 2024-03-05 00:00", incremental.Scope, StringComparison.Ordinal);
        var examples = lake.Examples();
        var (u1, u2) = (examples[("u1/s1", 1)], examples[("u2/s2", 1)]);
        Assert.Equal((1, 1, 2), (u1["user_prev_sessions"], u1["user_prev_converted_sessions"], u1["user_prev_purchases"]));
        Assert.Equal((1, 1, 1), (u2["user_prev_sessions"], u2["user_prev_converted_sessions"], u2["user_prev_purchases"]));
        AssertSameBytesAsFullRebuild(lake, incremental.Gold, minExamples: 2);
    }

    [Fact]
    public void Unchanged_bronze_rebuilds_no_date()
    {
        using var lake = FeatureLake.Generated(events: 5_000, seed: 33);
        var first = lake.Build().Gold;
        lake.Sessionize(full: true);   // a new silver build of the same bronze

        var again = lake.Build();

        Assert.StartsWith("no date rebuilt", again.Scope, StringComparison.Ordinal);
        Assert.Contains("resumed", again.Scope, StringComparison.Ordinal);
        Assert.Equal(first.ExamplesFiles, again.Gold.ExamplesFiles);
        Assert.Equal(first.Examples, again.Gold.Examples);
    }

    private static void AssertSameBytesAsFullRebuild(FeatureLake lake, FeaturesManifest incremental, int minExamples = 1_000)
    {
        var hashes = incremental.ExamplesByDate!.ToDictionary(d => d.Key, d => Hash(lake, d.Value.File));
        var online = lake.OnlineRows();
        var full = lake.Build(new FeatureOptions { Full = true });

        Assert.Equal(lake.OnlineRows(), online);
        Assert.StartsWith("every date rebuilt (--full)", full.Scope, StringComparison.Ordinal);
        Assert.Equal(incremental.Examples, full.Gold.Examples);
        Assert.Equal(hashes.Keys.Order(), full.Gold.ExamplesByDate!.Keys.Order());
        Assert.All(full.Gold.ExamplesByDate, d => Assert.Equal(hashes[d.Key], Hash(lake, d.Value.File)));
        Assert.True(incremental.Examples.Rows >= minExamples, $"only {incremental.Examples.Rows} examples");
    }

    private static string SessionLakeEvent(string time, string user, string session, string type) =>
        Sessions.SessionLake.Event(time, user, session, type);

    private static string Key(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Hash(FeatureLake lake, string file) => Convert.ToHexStringLower(XxHash128.Hash(File.ReadAllBytes(lake.Lake.Absolute(file))));
}
