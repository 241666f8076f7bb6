-- An incremental build: which sessions of the previous silver ($old_sessions) the changed bronze dates
-- (from $changed_from, midnight of the earliest changed date, on) can touch, and the bronze rows to
-- sessionize again. Everything else is kept as it was, and is exactly what a full build would give:
--  * a source session id is affected when it has rows on a changed date, or a previous session with
--    that id ended on or after $changed_from; all of its rows are sessionized again, every user's,
--    so the anonymous rows reconcile over the id's whole history;
--  * a user's gap sessions are affected from the first one that ended less than the gap before
--    $changed_from (an event after $changed_from could extend it), or from $changed_from: an earlier
--    gap session ended at least the gap before any changed row, so its end stays an end.
-- With the columns counts.sql sums, so the build's counts read the kept sessions from here.
CREATE OR REPLACE TEMP TABLE old_sessions AS
SELECT session_key, user_id, session_number, source_session_id, session_start, session_end, n_events, converted, reconciled, split_source_id
FROM read_parquet($old_sessions);

CREATE OR REPLACE TEMP TABLE affected_ids AS
SELECT DISTINCT session_id FROM read_parquet($changed_files, hive_partitioning = false) WHERE session_id IS NOT NULL
UNION
SELECT source_session_id FROM old_sessions WHERE source_session_id IS NOT NULL AND session_end >= $changed_from;

CREATE OR REPLACE TEMP TABLE gap_from AS
SELECT user_id, least(min(session_start), $changed_from) AS from_time
FROM old_sessions
WHERE source_session_id IS NULL AND epoch_us(session_end) + $gap_us > epoch_us($changed_from)
GROUP BY user_id;

-- The previous sessions built again; the rest are kept.
CREATE OR REPLACE TEMP TABLE thawed AS
SELECT o.session_key, o.user_id, o.session_number, o.session_start
FROM old_sessions o
LEFT JOIN gap_from g ON g.user_id = o.user_id
WHERE (o.source_session_id IS NOT NULL AND o.source_session_id IN (SELECT session_id FROM affected_ids))
   OR (o.source_session_id IS NULL AND o.session_start >= coalesce(g.from_time, $changed_from));

-- A view: the three statements that read it each need only a few of its columns.
CREATE OR REPLACE TEMP VIEW kept_sessions AS
SELECT session_key, user_id, source_session_id, session_start, n_events, converted, reconciled, split_source_id
FROM old_sessions
WHERE session_key NOT IN (SELECT session_key FROM thawed);

-- Per user, how many kept sessions come first (the region's session numbers continue after them),
-- and when the last of them starts (IncrementalSilver.Interleaves checks the region begins after it).
CREATE OR REPLACE TEMP TABLE prior_sessions AS
SELECT user_id, count(*) AS n, max(session_start) AS last_start
FROM kept_sessions
GROUP BY user_id;
