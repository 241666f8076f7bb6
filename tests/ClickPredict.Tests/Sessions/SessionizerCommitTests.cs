using ClickPredict.Sessions;
using ClickPredict.Storage;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Sessions;

public class SessionizerCommitTests
{
    private static SessionLake Sessionized()
    {
        var lake = new SessionLake();
        lake.Ingest(
            Event("2024-03-01 10:00:00", "u1", "s1"),
            Event("2024-03-01 10:05:00", "u1", "s1", "purchase"),
            Event("2024-03-01 11:00:00", "u2"),
            Event("2024-03-01 13:00:00", "u2"));
        lake.Sessionize();
        return lake;
    }

    /// <summary>Every file under silver with its bytes' hash.</summary>
    private static Dictionary<string, string> SilverSnapshot(Lake lake) =>
        LakeReader.Snapshot(lake).Where(kv => kv.Key.StartsWith("silver/", StringComparison.Ordinal)).ToDictionary();

    [Fact]
    public void Rebuilding_the_same_bronze_gives_identical_rows_and_replaces_the_previous_files()
    {
        using var lake = Sessionized();
        var first = lake.Silver;
        var events = lake.AllRows(first.SessionEventsPaths(lake.Lake));
        var sessions = lake.AllRows(first.SessionsPaths(lake.Lake));

        var second = lake.Sessionize(full: true).Silver;

        Assert.NotEqual(first.BuildId, second.BuildId);
        Assert.Equal(events, lake.AllRows(second.SessionEventsPaths(lake.Lake)));
        Assert.Equal(sessions, lake.AllRows(second.SessionsPaths(lake.Lake)));
        Assert.Equal(first.Counts, second.Counts);
        Assert.Equal(first.BronzeFingerprint, second.BronzeFingerprint);
        Assert.Equal(4, events.Count);
        Assert.Equal(3, sessions.Count);
        var onDisk = Directory.GetFiles(Path.Combine(lake.Lake.Root, "silver"), "*", SearchOption.AllDirectories).Select(lake.Lake.Relative);
        string[] expected = ["silver/_sessions.json", .. second.SessionEventsFiles, .. second.SessionsFiles];
        Assert.Equal(expected.Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failure_after_staging_leaves_the_previous_silver_exactly_as_it_was()
    {
        using var lake = Sessionized();
        lake.Ingest(Event("2024-03-02 09:00:00", "u3"));
        var before = SilverSnapshot(lake.Lake);
        var crashing = new SessionizeOptions { AfterStaging = () => throw new IOException("disk gone") };

        Assert.Throws<IOException>(() => new Sessionizer(lake.Lake, crashing).Run());

        Assert.Equal(before, SilverSnapshot(lake.Lake));
        Assert.Equal(3, lake.Silver.Counts.Sessions);
        Assert.False(Directory.Exists(lake.Lake.Staging) && Directory.EnumerateFileSystemEntries(lake.Lake.Staging).Any());
    }

    [Fact]
    public void A_failure_after_the_folders_are_swapped_but_before_the_commit_puts_the_previous_silver_back()
    {
        using var lake = Sessionized();
        lake.Ingest(Event("2024-03-02 09:00:00", "u3"));
        var before = SilverSnapshot(lake.Lake);
        var swappedButUncommitted = new List<string>();
        var crashing = new SessionizeOptions
        {
            BeforeCommit = () =>
            {
                swappedButUncommitted.AddRange(Directory.GetFiles(lake.Lake.Sessions).Select(lake.Lake.Relative));
                throw new IOException("power cut");
            },
        };

        Assert.Throws<IOException>(() => new Sessionizer(lake.Lake, crashing).Run());

        // The swapped folder held the kept file of the previous build and the new one; only the kept one stays named.
        Assert.Single(swappedButUncommitted, f => !lake.Silver.SessionsFiles.Contains(f));
        Assert.Equal(before, SilverSnapshot(lake.Lake));
        Assert.Equal(4, lake.Sessionize().Counts.Sessions);
    }

    [Fact]
    public void After_a_crash_mid_swap_the_next_run_restores_the_committed_silver_before_anything_else()
    {
        using var lake = Sessionized();
        var before = SilverSnapshot(lake.Lake);
        // What a power cut between the two folder renames leaves: the committed session_events moved
        // aside, an uncommitted build in its place.
        var replaced = SilverCommit.Replaced(lake.Lake);
        Directory.CreateDirectory(replaced);
        Directory.Move(lake.Lake.SessionEvents, Path.Combine(replaced, "session_events"));
        Directory.CreateDirectory(lake.Lake.SessionEvents);
        File.WriteAllText(Path.Combine(lake.Lake.SessionEvents, "part-uncommitted.parquet"), "half written");
        var stopAtOnce = new SessionizeOptions { Full = true, AfterStaging = () => throw new IOException("stop here") };

        Assert.Throws<IOException>(() => new Sessionizer(lake.Lake, stopAtOnce).Run());

        Assert.Equal(before, SilverSnapshot(lake.Lake));
        Assert.False(Directory.Exists(replaced));
    }

    [Fact]
    public void The_commit_records_the_bronze_state_gap_and_counts_and_a_new_ingest_makes_silver_stale()
    {
        using var lake = Sessionized();
        var bronze = IngestManifest.Load(lake.Lake);
        var silver = lake.Silver;

        Assert.True(silver.IsBuiltFrom(bronze));
        Assert.Equal(bronze.Ingests.Single().IngestId, silver.LastIngestId);
        Assert.Equal(bronze.BronzeFiles(lake.Lake).Count, silver.BronzeFileCount);
        Assert.Equal(1800, silver.GapSeconds);
        Assert.Equal(new SessionCounts(Events: 4, Sessions: 3, Users: 2, SourceIdSessions: 1, GapSessions: 2, ConvertedSessions: 1, SingleEventSessions: 2), silver.Counts);

        lake.Ingest(Event("2024-03-02 09:00:00", "u3"));

        Assert.False(silver.IsBuiltFrom(IngestManifest.Load(lake.Lake)));
        Assert.NotEqual(silver.BronzeFingerprint, lake.Sessionize().Silver.BronzeFingerprint);
    }

    [Fact]
    public void An_empty_lake_is_refused_with_a_message_that_says_what_to_do()
    {
        using var lake = new SessionLake();

        var error = Assert.Throws<SessionizeException>(() => lake.Sessionize());

        Assert.Contains("holds no bronze events yet; run `clickpredict ingest` first", error.Message, StringComparison.Ordinal);
        Assert.Null(SessionsManifest.Load(lake.Lake));
    }

    [Fact]
    public void Ids_that_make_two_sessions_share_a_key_are_refused_instead_of_merged()
    {
        using var lake = new SessionLake();
        lake.Ingest(Event("2024-03-01 10:00:00", "a/b", "c"), Event("2024-03-01 10:00:00", "a", "b/c"));

        var error = Assert.Throws<SessionizeException>(() => lake.Sessionize());

        Assert.Contains("would be shared by different sessions", error.Message, StringComparison.Ordinal);
        Assert.Null(SessionsManifest.Load(lake.Lake));
    }

    [Fact]
    public void A_source_session_id_that_reads_as_a_gap_key_of_the_same_user_is_refused()
    {
        using var lake = new SessionLake();
        // The gap session starting at 10:00 is keyed u1/g1709287200000000, the source id's session too.
        lake.Ingest(Event("2024-03-01 10:00:00", "u1"), Event("2024-03-01 12:00:00", "u1", "g1709287200000000"));

        var error = Assert.Throws<SessionizeException>(() => lake.Sessionize());

        Assert.Contains("1 session key(s) would be shared by different sessions", error.Message, StringComparison.Ordinal);
        Assert.Null(SessionsManifest.Load(lake.Lake));
    }

    /// <summary>An incremental build counts its kept sessions without reading their files; a new key is still checked against theirs.</summary>
    [Fact]
    public void A_later_day_whose_session_would_share_a_kept_sessions_key_is_refused()
    {
        using var lake = new SessionLake();
        lake.Ingest(Event("2024-03-01 10:00:00", "a/b", "c"));
        var before = lake.Sessionize().Silver;
        lake.Ingest(Event("2024-03-05 10:00:00", "a", "b/c"));

        var error = Assert.Throws<SessionizeException>(() => lake.Sessionize());

        Assert.Contains("1 session key(s) would be shared by different sessions", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.BuildId, lake.Silver.BuildId);
    }

    /// <summary>
    /// The collision a kept source id makes possible: silver records that one of its ids starts with
    /// 'g', so a later day whose own ids are plain still checks its keys against the kept ones.
    /// </summary>
    [Fact]
    public void A_later_day_whose_gap_session_reads_as_a_kept_source_sessions_key_is_refused()
    {
        using var lake = new SessionLake();
        lake.Ingest(Event("2024-03-01 10:00:00", "u2"));
        Assert.False(lake.Sessionize().Silver.KeysMayCollide);
        // u1's source session on the 1st is keyed u1/g1709632800000000: the key of a gap session of u1 starting on the 5th at 10:00.
        lake.Ingest(Event("2024-03-01 10:00:00", "u1", "g1709632800000000"));
        var before = lake.Sessionize().Silver;
        Assert.True(before.KeysMayCollide);
        lake.Ingest(Event("2024-03-05 10:00:00", "u1"));

        var error = Assert.Throws<SessionizeException>(() => lake.Sessionize());

        Assert.Contains("1 session key(s) would be shared by different sessions", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.BuildId, lake.Silver.BuildId);
    }
}
