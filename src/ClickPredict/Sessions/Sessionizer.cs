using ClickPredict.Features;
using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Sessions;

/// <summary>
/// Turns the bronze events the ingest manifest lists into silver: <c>session_events</c> (every event
/// with its session key and position) and <c>sessions</c> (one row per session). Both are written
/// ordered into a staging folder, swapped in by <see cref="SilverCommit"/>, and committed by
/// <c>silver/_sessions.json</c>, so a failure anywhere leaves the previous silver as it was.
/// </summary>
internal sealed partial class Sessionizer(Lake lake, SessionizeOptions options, TimeProvider? clock = null)
{
    private const int Steps = 4;

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public SessionizeResult Run(IProgress<StageProgress>? progress = null)
    {
        using var _ = Begin(exclusive: true);
        var (bronze, files) = LoadBronze();

        var previous = SessionsManifest.Load(lake);
        if (IncrementalSilver.IsUpToDate(previous, bronze, options))
        {
            return new SessionizeResult(previous!, [], SessionizeScope.UpToDate);
        }

        using var run = StageRun.Start(lake, "sessionize", clock);
        var timings = new StepTimer();
        var plan = IncrementalSilver.Plan(previous, bronze, options, out var fullReason);
        Built built;
        using (var db = DuckDb.Open(lake.Spill, options.MemoryLimit))
        {
            built = Build(db, run, files, plan, timings, progress);
            if (plan is not null && IncrementalSilver.Interleaves(db, built.RegionSessions))
            {
                // A rebuilt session would come before a kept one of the same user: start again from all of bronze.
                Directory.Delete(run.Folder, recursive: true);
                db.Execute("DROP TABLE bronze_rows");
                (plan, fullReason) = (null, "a rebuilt session starts before a kept one of its user");
                built = Build(db, run, files, plan, timings, progress);
            }
        }

        options.AfterStaging?.Invoke();
        progress?.Report(new StageProgress("committing", 3, Steps));
        var next = Manifest(run, bronze, files, built.Counts, built.KeysMayCollide, built.Events, built.Sessions);
        SilverCommit.Swap(lake, run.Folder, next, options.BeforeCommit);
        timings.Lap("commit");
        var scope = plan is null
            ? new SessionizeScope(fullReason)
            : new SessionizeScope(null, plan.ChangedFrom, plan.Sessions.Kept, plan.Sessions.Rebuilt);
        return new SessionizeResult(next, timings.Laps, scope) { Events = built.Handover };
    }

    /// <summary>
    /// Sessionizes all of bronze, or with a <paramref name="plan"/> only its region after staging the
    /// previous build's kept files; the new files come last: the sessions no later day can thaw in
    /// one pair of files (left out when there are none), the recent ones in another
    /// (<see cref="OrderedSessionizer"/>). Counts cover every staged file.
    /// </summary>
    private Built Build(DuckDBConnection db, StageRun run, List<string> files, IncrementalSilver? plan, StepTimer timings, IProgress<StageProgress>? progress)
    {
        var history = Staged(run, "-history");
        var recent = Staged(run, "");
        var split = HistorySplit(files);
        var recentStart = split - TimeSpan.FromDays(1);
        Directory.CreateDirectory(Path.GetDirectoryName(recent.Events)!);
        Directory.CreateDirectory(Path.GetDirectoryName(recent.Sessions)!);
        progress?.Report(new StageProgress("finding the sessions to build", 0, Steps));
        List<SilverPair> kept = [];
        if (plan is null)
        {
            db.Execute(DuckDb.Sql("Sessions/Sql/bronze_all.sql").Replace("{files}", DuckDb.ListLiteral(files), StringComparison.Ordinal));
        }
        else
        {
            plan.PrepareRegion(db, lake, files, options.GapMicroseconds);
            timings.Lap("find the sessions to rebuild and read their rows");
            kept = plan.StageKept(db, lake, run.Folder, run.Id);
            timings.Lap("keep the unchanged sessions' files");
        }

        progress?.Report(new StageProgress("ordering and writing sessions", 1, Steps));
        List<SilverPair> region = [history, recent];
        var rows = (int)Math.Min(db.Scalar<long>("SELECT count(*) FROM bronze_rows"), Array.MaxLength);
        var handover = plan is null && options.HandOverEvents ? SilverEvents.Handover(run.Id, rows) : null;
        var (historySessions, keysMayCollide, written) = OrderedSessionizer.Write(db, rows, history, recent, options.GapMicroseconds, split, recentStart, timings, handover);
        if (historySessions == 0)
        {
            File.Delete(history.Events);
            File.Delete(history.Sessions);
            region.RemoveAt(0);
        }

        timings.Lap("sessionize and write silver");
        progress?.Report(new StageProgress("counting sessions", 2, Steps));
        List<string> events = [.. kept.Select(k => k.Events), .. region.Select(r => r.Events)];
        List<string> sessions = [.. kept.Select(k => k.Sessions), .. region.Select(r => r.Sessions)];
        List<string> regionSessions = [.. region.Select(r => r.Sessions)];
        // A new key can match a kept one only when a kept user's id has a '/' or a kept source id starts
        // with 'g': the previous build recorded whether any did (null: built before it recorded that).
        keysMayCollide |= plan is not null && plan.Previous.KeysMayCollide != false;
        var counts = Count(db, regionSessions, checkKeys: keysMayCollide, plan?.Previous.Counts, written);
        timings.Lap("count sessions");
        return new Built(events, sessions, counts) { RegionSessions = regionSessions, Handover = handover, KeysMayCollide = keysMayCollide };
    }

    /// <summary>
    /// The next <c>_sessions.json</c>: built by <paramref name="run"/> from <paramref name="bronze"/> as it is
    /// now, naming the staged <paramref name="events"/> and <paramref name="sessions"/> files where the commit puts them.
    /// </summary>
    private SessionsManifest Manifest(
        StageRun run, IngestManifest bronze, List<string> files, SessionCounts counts, bool keysMayCollide, IEnumerable<string> events, IEnumerable<string> sessions) => new()
    {
        BuildId = run.Id,
        BuiltAt = clock.GetUtcNow(),
        BronzeFingerprint = SessionsManifest.Fingerprint(bronze),
        LastIngestId = bronze.Ingests.LastOrDefault()?.IngestId,
        BronzeFileCount = files.Count,
        BronzeDates = SessionsManifest.DateFingerprints(bronze),
        GapSeconds = options.Gap.TotalSeconds,
        Counts = counts,
        KeysMayCollide = keysMayCollide,
        SessionEventsFiles = [.. events.Select(f => lake.Relative(Path.Combine(lake.SessionEvents, Path.GetFileName(f))))],
        SessionsFiles = [.. sessions.Select(f => lake.Relative(Path.Combine(lake.Sessions, Path.GetFileName(f))))],
    };

    /// <summary>The pair of files named <c>part-{build}{suffix}.parquet</c> in the run's staged silver folders.</summary>
    private SilverPair Staged(StageRun run, string suffix) => new(
        Path.Combine(run.Folder, Path.GetFileName(lake.SessionEvents), $"part-{run.Id}{suffix}.parquet"),
        Path.Combine(run.Folder, Path.GetFileName(lake.Sessions), $"part-{run.Id}{suffix}.parquet"));

    /// <summary>
    /// Midnight (UTC) of the last bronze date less the gap: a session that ended before it ended at
    /// least the gap before any later date's first row, so no later day thaws it (short of its source
    /// session id coming back). Sessions are placed by their start or their source id's last time, which
    /// the ordered pass knows when it starts the session (<see cref="OrderedSessionizer"/>), not by their end.
    /// </summary>
    private DateTime HistorySplit(List<string> bronzeFiles) =>
        Lake.Midnight(bronzeFiles.Select(Lake.EventDate).Max(StringComparer.Ordinal)!) - options.Gap;

    /// <summary>
    /// Checks the options and that the lake has been ingested into, then takes the lake's lock: the
    /// exclusive one to commit silver (after putting back what an interrupted commit left), the shared
    /// one to stage a partition.
    /// </summary>
    private IDisposable Begin(bool exclusive)
    {
        options.Validate();
        if (!File.Exists(lake.ManifestPath))
        {
            throw NoBronze();
        }

        if (!exclusive)
        {
            return lake.SharedLock();
        }

        var held = lake.Lock();
        try
        {
            SilverCommit.Recover(lake);
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Bronze as the ingest manifest lists it now, and its files; fails when it holds none.</summary>
    private (IngestManifest Manifest, List<string> Files) LoadBronze()
    {
        var bronze = IngestManifest.Load(lake);
        var files = bronze.BronzeFiles(lake).ToList();
        return files.Count == 0 ? throw NoBronze() : (bronze, files);
    }

    private SessionizeException NoBronze() =>
        new($"The lake at {lake.Root} holds no bronze events yet; run `clickpredict ingest` first.");

    /// <summary>
    /// The <paramref name="previous"/> build's counts (none for a full build) less its thawed sessions'
    /// plus what the pass <paramref name="written"/>; keys are checked for collisions only when
    /// <paramref name="checkKeys"/>.
    /// </summary>
    private static SessionCounts Count(DuckDBConnection db, List<string> regionSessionsFiles, bool checkKeys, SessionCounts? previous, SessionCounts written)
    {
        if (checkKeys)
        {
            CheckKeys(db, regionSessionsFiles);
        }

        if (previous is null)
        {
            return written;
        }

        using var row = db.Query(DuckDb.Sql("Sessions/Sql/thawed_counts.sql"));
        row.Read();
        var thawed = new SessionCounts(
            Events: row.GetInt64(0),
            Sessions: row.GetInt64(1),
            Users: row.GetInt64(2),
            SourceIdSessions: row.GetInt64(3),
            GapSessions: row.GetInt64(4),
            ConvertedSessions: row.GetInt64(5),
            SingleEventSessions: row.GetInt64(6))
        {
            ReconciledSessions = row.GetInt64(7),
            SplitSessionIds = row.GetInt64(8),
        };
        return previous.Replacing(thawed, written);
    }

    /// <summary>Fails when two of the sessions in <paramref name="sessionsFiles"/>, or one of them and a kept session (<c>kept_keys</c>), share a key.</summary>
    private static void CheckKeys(DuckDBConnection db, List<string> sessionsFiles)
    {
        if (db.Scalar<long>(DuckDb.Sql("Sessions/Sql/colliding_keys.sql"), ("sessions", sessionsFiles)) is var colliding and > 0)
        {
            throw new SessionizeException(
                $"{colliding} session key(s) would be shared by different sessions: a user id or session id contains '/', or a source session id looks like a gap key (g and digits). Map such ids to others at ingest.");
        }
    }

    private sealed record Built(List<string> Events, List<string> Sessions, SessionCounts Counts)
    {
        /// <summary>The sessions files this run wrote (not the kept ones).</summary>
        public List<string> RegionSessions { get; init; } = [];

        public SilverEvents? Handover { get; init; }

        /// <summary>Whether any of silver's user ids has a '/' or any source id starts with 'g' (<see cref="SessionsManifest.KeysMayCollide"/>).</summary>
        public bool KeysMayCollide { get; init; }
    }
}
