using System.Globalization;
using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Sessions;

/// <summary>
/// An incremental sessionize: the previous silver's sessions that the changed bronze dates cannot
/// touch are kept, and only the rest is sessionized again (<c>Sql/incremental_thaw.sql</c> states
/// the rule). Kept files are carried over as they are; a file holding some thawed sessions is written
/// again without them. The result is the silver a full build gives, split over more files.
/// </summary>
internal sealed class IncrementalSilver
{
    private IncrementalSilver(SessionsManifest previous, DateTime changedFrom)
    {
        Previous = previous;
        ChangedFrom = changedFrom;
    }

    public SessionsManifest Previous { get; }

    /// <summary>Midnight (UTC) of the earliest bronze date that changed since the previous build.</summary>
    public DateTime ChangedFrom { get; }

    /// <summary>Sessions of the previous build kept as they were, and built again.</summary>
    public (long Kept, long Rebuilt) Sessions { get; private set; }

    /// <summary>
    /// An incremental plan, or null with the reason a full build is needed: no previous build, another
    /// gap, a silver layout before this version, or no changed date.
    /// </summary>
    public static IncrementalSilver? Plan(SessionsManifest? previous, IngestManifest bronze, SessionizeOptions options, out string reason)
    {
        reason = Unusable(previous, options);
        if (reason.Length > 0)
        {
            return null;
        }

        var now = SessionsManifest.DateFingerprints(bronze);
        if (previous!.BronzeDates!.Keys.Any(d => !now.ContainsKey(d)))
        {
            reason = "a bronze date was removed";
            return null;
        }

        var changed = now.Where(d => previous.BronzeDates!.GetValueOrDefault(d.Key) != d.Value).Select(d => d.Key)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        if (changed is null)
        {
            reason = "no bronze date changed";
            return null;
        }

        return new IncrementalSilver(previous, Lake.Midnight(changed));
    }

    /// <summary>
    /// True when <paramref name="previous"/> could be kept and was built from this very bronze (same
    /// sources, content hashes and ingests): sessionizing again would write the same sessions.
    /// </summary>
    public static bool IsUpToDate(SessionsManifest? previous, IngestManifest bronze, SessionizeOptions options) =>
        Unusable(previous, options).Length == 0 && previous!.IsBuiltFrom(bronze);

    /// <summary>Why the previous build cannot be kept in part, or "" when it can.</summary>
    private static string Unusable(SessionsManifest? previous, SessionizeOptions options) =>
        options.Full ? "--full"
        : previous is null ? "no previous silver"
        : previous.BronzeDates is null ? "the previous silver predates incremental builds"
        : previous.Version < SessionsManifest.CurrentVersion ? $"the previous silver is in an older format ({previous.Version})"
        : previous.GapSeconds != options.Gap.TotalSeconds ? "the gap changed"
        : "";

    /// <summary>
    /// Finds the thawed sessions and makes <c>bronze_rows</c> the region to sessionize, reading only
    /// the bronze dates from the earliest thawed session's start on, and <c>prior_sessions</c> for its users.
    /// </summary>
    public void PrepareRegion(DuckDBConnection db, Lake lake, IReadOnlyList<string> bronzeFiles, long gapMicroseconds)
    {
        var changedDate = Day(ChangedFrom);
        var oldSessions = Previous.SessionsPaths(lake).ToList();
        db.Execute(DuckDb.Sql("Sessions/Sql/incremental_thaw.sql"),
            ("old_sessions", oldSessions),
            ("changed_files", bronzeFiles.Where(f => string.CompareOrdinal(Lake.EventDate(f), changedDate) >= 0).ToList()),
            ("changed_from", ChangedFrom),
            ("near", ChangedFrom.AddTicks(-gapMicroseconds * TimeSpan.TicksPerMicrosecond)));
        var earliest = db.Scalar<DateTime>("SELECT least(coalesce(min(session_start), $changed_from), $changed_from) FROM thawed", ("changed_from", ChangedFrom));
        var regionFiles = bronzeFiles.Where(f => string.CompareOrdinal(Lake.EventDate(f), Day(earliest)) >= 0).ToList();
        db.Execute(DuckDb.Sql("Sessions/Sql/incremental_rows.sql").Replace("{old_sessions}", DuckDb.ListLiteral(oldSessions), StringComparison.Ordinal),
            ("region_files", regionFiles), ("changed_from", ChangedFrom), ("earliest", earliest), ("old_sessions", oldSessions));
        var rebuilt = db.Scalar<long>("SELECT count(*) FROM thawed");
        Sessions = (Previous.Counts.Sessions - rebuilt, rebuilt);
    }

    /// <summary>
    /// True when a rebuilt session of some user starts no later than one of that user's kept sessions
    /// (<c>prior_sessions</c> has each region user's last): the kept sessions' numbers would change, so only a
    /// full build is exact.
    /// </summary>
    public static bool Interleaves(DuckDBConnection db, IReadOnlyList<string> regionSessionsFiles) =>
        db.Scalar<bool>("""
            SELECT count(*) > 0
            FROM (SELECT user_id, min(session_start) AS first_start FROM read_parquet($region) GROUP BY user_id) r
            JOIN prior_sessions k USING (user_id)
            WHERE r.first_start <= k.last_start
            """, ("region", regionSessionsFiles.ToList()));

    /// <summary>
    /// Puts the previous build's files with their kept sessions into <paramref name="staging"/>, in
    /// order: unchanged files linked (or copied), files with thawed sessions written again without them, files
    /// with nothing kept dropped. Returns the staged (events, sessions) file pairs.
    /// </summary>
    public List<SilverPair> StageKept(DuckDBConnection db, Lake lake, string staging, string buildId)
    {
        var kept = new List<SilverPair>();
        var events = Previous.SessionEventsPaths(lake);
        var sessions = Previous.SessionsPaths(lake);
        // How many thawed sessions each previous sessions file holds, by the path it was read by.
        var thawedIn = db.Counts("SELECT file, count(*) FROM thawed GROUP BY file");
        if (thawedIn.Keys.FirstOrDefault(f => !sessions.Contains(f)) is { } stranger)
        {
            // Never reached: DuckDB names each file by the path it was given. Were it not, a file with
            // thawed sessions would be kept whole and those sessions written twice.
            throw new InvalidOperationException($"The thaw named a sessions file the previous build does not list ({Path.GetFileName(stranger)}).");
        }

        for (var i = 0; i < sessions.Count; i++)
        {
            var thawed = thawedIn.GetValueOrDefault(sessions[i]);
            if (thawed > 0 && thawed == db.Scalar<long>("SELECT count(*) FROM read_parquet($file)", ("file", sessions[i])))
            {
                continue;
            }

            var eventsTarget = Path.Combine(staging, Path.GetFileName(lake.SessionEvents), thawed == 0 ? Path.GetFileName(events[i]) : $"part-{buildId}-{i}.parquet");
            var sessionsTarget = Path.Combine(staging, Path.GetFileName(lake.Sessions), thawed == 0 ? Path.GetFileName(sessions[i]) : $"part-{buildId}-{i}.parquet");
            Directory.CreateDirectory(Path.GetDirectoryName(eventsTarget)!);
            Directory.CreateDirectory(Path.GetDirectoryName(sessionsTarget)!);
            if (thawed == 0)
            {
                FileLinks.LinkOrCopy(events[i], eventsTarget);
                FileLinks.LinkOrCopy(sessions[i], sessionsTarget);
            }
            else
            {
                Keep(db, events[i], eventsTarget);
                Keep(db, sessions[i], sessionsTarget);
            }

            kept.Add(new SilverPair(eventsTarget, sessionsTarget));
        }

        return kept;
    }

    private static void Keep(DuckDBConnection db, string file, string target) =>
        db.Execute(DuckDb.Sql("Sessions/Sql/keep_segment.sql").Replace("{target}", DuckDb.Literal(target), StringComparison.Ordinal), ("file", file));

    private static string Day(DateTime time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
