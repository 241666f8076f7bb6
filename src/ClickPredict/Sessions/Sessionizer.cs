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
internal sealed class Sessionizer(Lake lake, SessionizeOptions options, TimeProvider? clock = null)
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
        var next = new SessionsManifest
        {
            BuildId = run.Id,
            BuiltAt = clock.GetUtcNow(),
            BronzeFingerprint = SessionsManifest.Fingerprint(bronze),
            LastIngestId = bronze.Ingests.LastOrDefault()?.IngestId,
            BronzeFileCount = files.Count,
            BronzeDates = SessionsManifest.DateFingerprints(bronze),
            GapSeconds = options.Gap.TotalSeconds,
            Counts = built.Counts,
            KeysMayCollide = built.KeysMayCollide,
            SessionEventsFiles = [.. built.Events.Select(f => lake.Relative(Path.Combine(lake.SessionEvents, Path.GetFileName(f))))],
            SessionsFiles = [.. built.Sessions.Select(f => lake.Relative(Path.Combine(lake.Sessions, Path.GetFileName(f))))],
        };
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
    /// Sessionizes partition <paramref name="partition"/> of <see cref="SessionizeOptions.Partitions"/>:
    /// the users whose id hashes to it, with their source sessions' anonymous rows (<c>Sql/bronze_partition.sql</c>).
    /// A user's sessions need only that user's rows and, per source session id, facts over all of bronze
    /// that one GROUP BY gives, so partitions share nothing else and any number run at once, on one lake
    /// or on machines sharing it. Always a full build; staged, not committed: <see cref="Merge"/> does that.
    /// </summary>
    public SilverPartitionManifest StagePartition(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, options.Partitions);
        using var _ = Begin(exclusive: false);
        var (bronze, files) = LoadBronze();

        var fingerprint = SessionsManifest.Fingerprint(bronze);
        var folder = SilverPartitionManifest.PartFolder(lake, fingerprint, partition);
        if (File.Exists(SilverPartitionManifest.PathOf(lake, fingerprint, partition)))
        {
            File.Delete(SilverPartitionManifest.PathOf(lake, fingerprint, partition));
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var buildId = $"{StageRun.NewId(clock.GetUtcNow())}-p{partition}of{options.Partitions}";
        SilverPair Pair(string suffix) => new(Path.Combine(folder, $"events-{buildId}{suffix}.parquet"), Path.Combine(folder, $"sessions-{buildId}{suffix}.parquet"));
        var (history, recent) = (Pair("-history"), Pair(""));
        var split = HistorySplit(files);
        Directory.CreateDirectory(folder);
        using var db = DuckDb.Open(lake.Spill, options.MemoryLimit);
        db.Execute(DuckDb.Sql("Sessions/Sql/bronze_all.sql").Replace("{files}", DuckDb.ListLiteral(files), StringComparison.Ordinal));
        db.Execute(DuckDb.Sql("Sessions/Sql/bronze_partition.sql")
            .Replace("{files}", DuckDb.ListLiteral(files), StringComparison.Ordinal)
            .Replace("{partitions}", options.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{partition}", partition.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var rows = (int)Math.Min(db.Scalar<long>("SELECT count(*) FROM bronze_rows"), Array.MaxLength);
        var (historySessions, keysMayCollide, written) = OrderedSessionizer.Write(
            db, rows, history, recent, options.GapMicroseconds, split, split - TimeSpan.FromDays(1), new StepTimer(), partition: true);
        List<SilverPair> pairs = historySessions == 0 ? [recent] : [history, recent];
        if (historySessions == 0)
        {
            File.Delete(history.Events);
            File.Delete(history.Sessions);
        }

        var staged = new SilverPartitionManifest
        {
            Partition = partition,
            Partitions = options.Partitions,
            BuildId = buildId,
            BronzeFingerprint = fingerprint,
            GapSeconds = options.Gap.TotalSeconds,
            Counts = written with { SplitSessionIds = db.Scalar<long>("SELECT count(*) FROM source_facts WHERE known_users > 1") },
            KeysMayCollide = keysMayCollide,
            SessionEventsFiles = [.. pairs.Select(p => Path.GetFileName(p.Events))],
            SessionsFiles = [.. pairs.Select(p => Path.GetFileName(p.Sessions))],
        };
        staged.Save(lake);
        return staged;
    }

    /// <summary>
    /// Commits the <see cref="SessionizeOptions.Partitions"/> partitions staged for bronze as it is now
    /// as one silver build: their files as they are, their counts summed. Fails, changing nothing,
    /// unless every partition is staged from this bronze with the same gap.
    /// </summary>
    public SessionizeResult Merge()
    {
        using var _ = Begin(exclusive: true);
        var (bronze, files) = LoadBronze();
        var fingerprint = SessionsManifest.Fingerprint(bronze);
        var parts = Enumerable.Range(0, options.Partitions).Select(i => SilverPartitionManifest.Load(lake, fingerprint, i)).ToList();
        var missing = parts.Select((p, i) => (p, i)).Where(x => x.p is null).Select(x => x.i).ToList();
        if (missing.Count > 0)
        {
            throw new SessionizeException(
                $"Partition(s) {string.Join(", ", missing)} of {options.Partitions} are not staged for bronze as it is now; run `clickpredict sessionize --partitions {options.Partitions} --partition <i>` for each first.");
        }

        var staged = parts.Select(p => p!).ToList();
        if (staged.Any(p => !p.SameBuildAs(staged[0]) || p.GapSeconds != options.Gap.TotalSeconds))
        {
            throw new SessionizeException(
                $"The staged partitions were built with a different gap (or are of different builds); run every partition again with --gap-minutes {options.Gap.TotalMinutes:0.##}.");
        }

        var timings = new StepTimer();
        using var run = StageRun.Start(lake, "sessionize", clock);
        var (events, sessions) = (Path.Combine(run.Folder, Path.GetFileName(lake.SessionEvents)), Path.Combine(run.Folder, Path.GetFileName(lake.Sessions)));
        Directory.CreateDirectory(events);
        Directory.CreateDirectory(sessions);
        List<string> eventFiles = [], sessionFiles = [];
        foreach (var part in staged)
        {
            var folder = SilverPartitionManifest.PartFolder(lake, fingerprint, part.Partition);
            foreach (var (eventsFile, sessionsFile) in part.SessionEventsFiles.Zip(part.SessionsFiles))
            {
                // Linked, not moved: a merge that fails before its commit leaves every partition as it was staged.
                FileLinks.LinkOrCopy(Path.Combine(folder, eventsFile), Path.Combine(events, eventsFile));
                FileLinks.LinkOrCopy(Path.Combine(folder, sessionsFile), Path.Combine(sessions, sessionsFile));
                eventFiles.Add(Path.Combine(lake.SessionEvents, eventsFile));
                sessionFiles.Add(Path.Combine(lake.Sessions, sessionsFile));
            }
        }

        // Keys of two partitions' sessions can meet only as those of one build can (a '/' in a user id,
        // a source id starting with 'g'): checked over every partition's sessions then.
        var keysMayCollide = staged.Any(p => p.KeysMayCollide);
        if (keysMayCollide)
        {
            using var db = DuckDb.Open(lake.Spill, options.MemoryLimit);
            db.Execute("CREATE TEMP VIEW kept_keys AS SELECT CAST(NULL AS VARCHAR) AS session_key WHERE false");
            CheckKeys(db, [.. sessionFiles.Select(f => Path.Combine(sessions, Path.GetFileName(f)))]);
        }

        var zero = new SessionCounts(0, 0, 0, 0, 0, 0, 0);
        var counts = staged.Aggregate(zero, (sum, p) => sum.Replacing(zero, p.Counts)) with { SplitSessionIds = staged[0].Counts.SplitSessionIds };
        timings.Lap("merge partitions");
        var next = new SessionsManifest
        {
            BuildId = run.Id,
            BuiltAt = clock.GetUtcNow(),
            BronzeFingerprint = fingerprint,
            LastIngestId = bronze.Ingests.LastOrDefault()?.IngestId,
            BronzeFileCount = files.Count,
            BronzeDates = SessionsManifest.DateFingerprints(bronze),
            GapSeconds = options.Gap.TotalSeconds,
            Counts = counts,
            KeysMayCollide = keysMayCollide,
            SessionEventsFiles = [.. eventFiles.Select(lake.Relative)],
            SessionsFiles = [.. sessionFiles.Select(lake.Relative)],
        };
        SilverCommit.Swap(lake, run.Folder, next, options.BeforeCommit);
        // Partitions staged for older bronze can never be merged: they go too.
        Directory.Delete(lake.SilverPartitions, recursive: true);
        timings.Lap("commit");
        return new SessionizeResult(next, timings.Laps, new SessionizeScope($"{options.Partitions} partitions merged"));
    }

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
