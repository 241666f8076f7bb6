using ClickPredict.Features;
using ClickPredict.Sessions;
using ClickPredict.Tests.Features;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Sessions;

/// <summary>
/// After an ingest, sessionize keeps the previous build's sessions that the changed dates cannot
/// touch and rebuilds the rest; silver then holds the same rows as a full rebuild, and gold built
/// from it is the same bytes.
/// </summary>
public class IncrementalSessionizeTests
{
    [Fact]
    public void One_more_day_keeps_the_earlier_sessions_and_equals_a_full_rebuild()
    {
        var days = FeatureLake.GeneratedDays(events: 30_000, seed: 41);
        var last = days.Keys.Max();
        using var lake = FeatureLake.FromRows(days.Where(d => d.Key < last).SelectMany(d => d.Value));
        var before = lake.Sessionize(full: true).Silver;

        lake.Ingest(days[last]);
        var incremental = lake.Sessionize();

        AssertKeptTheHistoryFile(before, incremental, last);
        Assert.InRange(incremental.Scope.KeptSessions, before.Counts.Sessions * 8 / 10, before.Counts.Sessions - 1);
        Assert.True(incremental.Scope.RebuiltSessions > 0);
        Assert.Equal(2, before.SessionEventsFiles.Count);
        Assert.Equal(before.SessionsFiles[0], incremental.Silver.SessionsFiles[0]);
        AssertEqualsFullRebuild(lake, incremental);
    }

    [Fact]
    public void The_rest_of_a_partly_exported_last_day_keeps_the_history_file_and_equals_a_full_rebuild()
    {
        // A daily export taken at noon, then the afternoon: the changed date is the last one itself, so
        // sessions that ended from its midnight less the gap on are thawed. Those started less than a
        // day before that, so the full build placed them in its recent file.
        var days = FeatureLake.GeneratedDays(events: 30_000, seed: 44);
        var last = days.Keys.Max();
        var morning = days[last].Where(r => string.CompareOrdinal(r[11..13], "12") < 0).ToList();
        using var lake = FeatureLake.FromRows(days.Where(d => d.Key < last).SelectMany(d => d.Value).Concat(morning));
        var before = lake.Sessionize(full: true).Silver;

        lake.Ingest(days[last].Except(morning));
        var incremental = lake.Sessionize();

        AssertKeptTheHistoryFile(before, incremental, last);
        AssertEqualsFullRebuild(lake, incremental);
    }

    [Fact]
    public void A_session_running_across_the_split_is_recent_so_more_rows_for_the_last_date_keep_the_history_file()
    {
        using var lake = FeatureLake.FromRows([
            Event("2024-03-03 10:00:00", "u9", null, "view", "iA"),
            // The split is 2024-03-04 23:30 (the last date's midnight less the gap); u1's session runs across it.
            Event("2024-03-04 23:20:00", "u1", null, "view", "iB"),
            Event("2024-03-04 23:45:00", "u1", null, "cart", "iB"),
            Event("2024-03-05 08:00:00", "u2", null, "view", "iC"),
        ]);
        var before = lake.Sessionize(full: true).Silver;

        lake.Ingest([Event("2024-03-05 00:10:00", "u1", null, "purchase", "iB")]);
        var incremental = lake.Sessionize();

        AssertKeptTheHistoryFile(before, incremental, new DateOnly(2024, 3, 5));
        Assert.Equal((1, 2), (incremental.Scope.KeptSessions, incremental.Scope.RebuiltSessions));   // u9's kept; u1's and u2's rebuilt
        Assert.Equal(["u9"], LakeReader.Column<string>(lake.Lake, [lake.Lake.Absolute(before.SessionsFiles[0])], "user_id", "true"));
        AssertEqualsFullRebuild(lake, incremental);
    }

    [Fact]
    public void Sessions_that_reach_into_the_new_day_are_rebuilt_with_it()
    {
        using var lake = FeatureLake.FromRows([
            // Day 1: u1's gap session runs to 23:50; s7's source session (anonymous at first) starts;
            // u3 browses in the morning only; a source id that two users carry.
            Event("2024-03-04 23:30:00", "u1", null, "view", "iA"),
            Event("2024-03-04 23:50:00", "u1", null, "view", "iB"),
            Event("2024-03-04 22:00:00", "", "s7", "view", "iC"),
            Event("2024-03-04 22:05:00", "u7", "s7", "cart", "iC"),
            Event("2024-03-04 09:00:00", "u3", null, "view", "iD"),
            Event("2024-03-04 10:00:00", "u4", "shared", "view", "iE"),
            Event("2024-03-04 10:01:00", "u5", "shared", "view", "iE"),
        ]);
        lake.Sessionize(full: true);

        lake.Ingest([
            // Day 2: u1 again 15 minutes after 23:50 (the same gap session); s7 buys; u3 much later (a new session).
            Event("2024-03-05 00:05:00", "u1", null, "purchase", "iB"),
            Event("2024-03-05 08:00:00", "", "s7", "purchase", "iC"),
            Event("2024-03-05 12:00:00", "u3", null, "view", "iD"),
        ]);
        var incremental = lake.Sessionize();

        Assert.True(incremental.Scope.Incremental, incremental.Scope.FullReason);
        Assert.Equal((3, 2), (incremental.Scope.KeptSessions, incremental.Scope.RebuiltSessions));   // u3's morning and the shared id's two kept; u1's and s7 rebuilt
        Assert.Equal((1, 1), (incremental.Counts.ReconciledSessions, incremental.Counts.SplitSessionIds));
        Assert.Equal(5 + 1, incremental.Counts.Sessions);   // u3's afternoon is the one new session
        AssertEqualsFullRebuild(lake, incremental);
    }

    /// <summary>
    /// A source id that comes back days later: its old session lies in the history file, which no
    /// session ending near the new day reaches, so only the scan for the day's ids finds it.
    /// </summary>
    [Fact]
    public void A_source_id_that_comes_back_days_later_thaws_its_session_from_the_history_file()
    {
        using var lake = FeatureLake.FromRows([
            Event("2024-03-01 10:00:00", "u1", "s9", "view", "iA"),
            Event("2024-03-01 11:00:00", "u2", null, "view", "iB"),
            Event("2024-03-02 11:00:00", "u3", "s3", "view", "iC"),
            Event("2024-03-04 12:00:00", "u4", null, "view", "iD"),
        ]);
        var before = lake.Sessionize(full: true).Silver;
        Assert.EndsWith("-history.parquet", before.SessionsFiles[0], StringComparison.Ordinal);
        Assert.Contains("u1", LakeReader.Column<string>(lake.Lake, [lake.Lake.Absolute(before.SessionsFiles[0])], "user_id", "true"));

        lake.Ingest([Event("2024-03-05 09:00:00", "u1", "s9", "purchase", "iA")]);
        var incremental = lake.Sessionize();

        Assert.True(incremental.Scope.Incremental, incremental.Scope.FullReason);
        Assert.Equal((3, 1), (incremental.Scope.KeptSessions, incremental.Scope.RebuiltSessions));   // s9's session rebuilt with its new row
        Assert.Equal([2L], LakeReader.Column<long>(lake.Lake, lake.Silver.SessionsPaths(lake.Lake), "n_events", "source_session_id = 's9'"));
        AssertEqualsFullRebuild(lake, incremental);
    }

    [Fact]
    public void A_late_row_for_an_early_date_rebuilds_from_that_date_and_equals_a_full_rebuild()
    {
        var days = FeatureLake.GeneratedDays(events: 20_000, seed: 42);
        using var lake = FeatureLake.FromRows(days.Values.SelectMany(d => d));
        var third = days.Keys.Order().ElementAt(2);

        lake.Ingest([Event($"{third:yyyy-MM-dd} 12:00:00", "late-user", "late-session", "purchase")]);
        var incremental = lake.Sessionize();

        Assert.True(incremental.Scope.Incremental, incremental.Scope.FullReason);
        Assert.Equal(third.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), incremental.Scope.ChangedFrom);
        AssertEqualsFullRebuild(lake, incremental);
    }

    [Fact]
    public void A_rebuilt_session_before_a_kept_one_of_its_user_falls_back_to_a_full_build()
    {
        using var lake = FeatureLake.FromRows([
            Event("2024-03-04 08:00:00", "u1", "long", "view", "iA"),
            Event("2024-03-04 12:00:00", "u1", null, "view", "iB"),
        ]);
        lake.Sessionize(full: true);

        // The source session that began before the gap session continues the next day.
        lake.Ingest([Event("2024-03-05 09:00:00", "u1", "long", "purchase", "iA")]);
        var result = lake.Sessionize();

        Assert.False(result.Scope.Incremental);
        Assert.Equal("a rebuilt session starts before a kept one of its user", result.Scope.FullReason);
        AssertEqualsFullRebuild(lake, result);
    }

    [Fact]
    public void Nothing_new_rebuilds_nothing_and_a_full_request_rebuilds_everything_and_says_why()
    {
        using var lake = FeatureLake.Generated(events: 3_000, seed: 43);
        var built = lake.Silver;
        var files = Directory.GetFiles(Path.Combine(lake.Lake.Root, "silver"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var again = lake.Sessionize();

        Assert.True(again.Scope.Nothing);
        Assert.Equal(built.BuildId, again.Silver.BuildId);
        Assert.Equal(files, Directory.GetFiles(Path.Combine(lake.Lake.Root, "silver"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        var full = lake.Sessionize(full: true);
        Assert.Equal(("--full", false), (full.Scope.FullReason, full.Scope.Nothing));
        Assert.NotEqual(built.BuildId, full.Silver.BuildId);
    }

    [Fact]
    public void Silver_of_an_older_format_is_refused_by_features_and_sessionized_again_in_full()
    {
        using var lake = FeatureLake.Generated(events: 3_000, seed: 44);
        var older = lake.Silver with { Version = 2 };          // format 2 repeated the session key on every event
        older.Save(lake.Lake);

        var refused = Assert.Throws<FeaturesException>(() => lake.Build());
        Assert.Contains("silver's format 2", refused.Message, StringComparison.Ordinal);
        var again = lake.Sessionize();

        Assert.Equal("the previous silver is in an older format (2)", again.Scope.FullReason);
        Assert.Equal(SessionsManifest.CurrentVersion, again.Silver.Version);
        Assert.True(lake.Build().Gold.Examples.Rows > 0);
    }

    /// <summary>
    /// An incremental build from <paramref name="changed"/> that kept the full build's history file as
    /// it is: the sessions that ended before the last day's midnight less the gap are in a file of their
    /// own, which no later day can thaw, so it is linked, not written again.
    /// </summary>
    private static void AssertKeptTheHistoryFile(SessionsManifest before, SessionizeResult incremental, DateOnly changed)
    {
        Assert.True(incremental.Scope.Incremental, incremental.Scope.FullReason);
        Assert.Equal(changed.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), incremental.Scope.ChangedFrom);
        Assert.EndsWith("-history.parquet", before.SessionEventsFiles[0], StringComparison.Ordinal);
        Assert.Equal(before.SessionEventsFiles[0], incremental.Silver.SessionEventsFiles[0]);
    }

    /// <summary>Same rows and counts as sessionizing all of bronze again, and gold of the same bytes.</summary>
    private static void AssertEqualsFullRebuild(FeatureLake lake, ClickPredict.Sessions.SessionizeResult incremental)
    {
        var rows = lake.SilverRows();
        var gold = Gold(lake);

        var full = lake.Sessionize(full: true);

        Assert.Equal(full.Counts, incremental.Counts);
        var fullRows = lake.SilverRows();
        Assert.Equal(fullRows.Events, rows.Events);
        Assert.Equal(fullRows.Sessions, rows.Sessions);
        Assert.Equal(Gold(lake), gold);
    }

    private static List<string> Gold(FeatureLake lake) => lake.GoldFileHashes();
}
