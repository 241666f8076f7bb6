using ClickPredict.Events;
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
        options.Validate();
        if (!File.Exists(lake.ManifestPath))
        {
            throw NoBronze();
        }

        using var _ = lake.Lock();
        SilverCommit.Recover(lake);
        var bronze = IngestManifest.Load(lake);
        var files = bronze.BronzeFiles(lake).ToList();
        if (files.Count == 0)
        {
            throw NoBronze();
        }

        using var run = StageRun.Start(lake, "sessionize", clock);
        var (buildId, started, staging) = (run.Id, run.Started, run.Folder);
        var timings = new StepTimer();
        var eventsFile = Path.Combine(staging, Path.GetFileName(lake.SessionEvents), $"part-{buildId}.parquet");
        var sessionsFile = Path.Combine(staging, Path.GetFileName(lake.Sessions), $"part-{buildId}.parquet");
        SessionCounts counts;
        using (var db = DuckDb.Open(lake.Spill, options.MemoryLimit))
        {
            progress?.Report(new StageProgress("finding gap sessions", 0, Steps));
            db.Execute(DuckDb.Sql("Sessions/Sql/gap_starts.sql"), ("files", files), ("gap_us", options.GapMicroseconds));
            db.Execute(DuckDb.Sql("Sessions/Sql/source_session_users.sql"), ("files", files), ("anonymous_prefix", StageQuery.AnonymousPrefix));
            timings.Lap("find gap sessions and source sessions' users");

            progress?.Report(new StageProgress("ordering and writing session events", 1, Steps));
            Write(db, "Sessions/Sql/write_session_events.sql", eventsFile, ("files", files), ("anonymous_prefix", StageQuery.AnonymousPrefix));
            timings.Lap("order and write session events");

            progress?.Report(new StageProgress("summarizing sessions", 2, Steps));
            Write(db, "Sessions/Sql/write_sessions.sql", sessionsFile, ("session_events", eventsFile));
            counts = Count(db, sessionsFile) with
            {
                ReconciledSessions = db.Scalar<long>("SELECT count(*) FROM source_session_users WHERE known_users = 1 AND has_anonymous"),
                SplitSessionIds = db.Scalar<long>("SELECT count(*) FROM source_session_users WHERE known_users > 1"),
            };
            timings.Lap("summarize sessions");
        }

        options.AfterStaging?.Invoke();
        progress?.Report(new StageProgress("committing", 3, Steps));
        var next = new SessionsManifest
        {
            BuildId = buildId,
            BuiltAt = clock.GetUtcNow(),
            BronzeFingerprint = SessionsManifest.Fingerprint(bronze),
            LastIngestId = bronze.Ingests.LastOrDefault()?.IngestId,
            BronzeFileCount = files.Count,
            BronzeDates = SessionsManifest.DateFingerprints(bronze),
            GapSeconds = options.Gap.TotalSeconds,
            Counts = counts,
            SessionEventsFiles = [lake.Relative(Path.Combine(lake.SessionEvents, Path.GetFileName(eventsFile)))],
            SessionsFiles = [lake.Relative(Path.Combine(lake.Sessions, Path.GetFileName(sessionsFile)))],
        };
        SilverCommit.Swap(lake, staging, next, options.BeforeCommit);
        timings.Lap("commit");
        return new SessionizeResult(next, timings.Laps);
    }

    private SessionizeException NoBronze() =>
        new($"The lake at {lake.Root} holds no bronze events yet; run `clickpredict ingest` first.");

    /// <summary>Runs a <c>COPY … TO {target}</c> file; COPY takes its target as a literal, not a parameter.</summary>
    private static void Write(DuckDBConnection db, string sqlFile, string target, params (string Name, object? Value)[] parameters)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        db.Execute(DuckDb.Sql(sqlFile).Replace("{target}", DuckDb.Literal(target), StringComparison.Ordinal), parameters);
    }

    private static SessionCounts Count(DuckDBConnection db, string sessionsFile)
    {
        using var row = db.Query(DuckDb.Sql("Sessions/Sql/counts.sql"), ("sessions", sessionsFile));
        row.Read();
        if (row.GetInt64(7) > 0)
        {
            throw new SessionizeException(
                $"{row.GetInt64(7)} session key(s) would be shared by different sessions: a user id or session id contains '/', or a source session id looks like a gap key (g and digits). Map such ids to others at ingest.");
        }

        return new SessionCounts(
            Events: row.GetInt64(0),
            Sessions: row.GetInt64(1),
            Users: row.GetInt64(2),
            SourceIdSessions: row.GetInt64(3),
            GapSessions: row.GetInt64(4),
            ConvertedSessions: row.GetInt64(5),
            SingleEventSessions: row.GetInt64(6));
    }
}
