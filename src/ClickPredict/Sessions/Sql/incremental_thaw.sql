-- An incremental build: which sessions of the previous silver ($old_sessions) the changed bronze dates
-- (from $changed_from, midnight of the earliest changed date, on) can touch, and the bronze rows to
-- sessionize again. Everything else is kept as it was, and is exactly what a full build would give:
--  * a source session id is affected when it has rows on a changed date, or a previous session with
--    that id ended on or after $changed_from; all of its rows are sessionized again, every user's,
--    so the anonymous rows reconcile over the id's whole history;
--  * a user's gap sessions are affected from the first one that ended less than the gap before
--    $changed_from (an event after $changed_from could extend it), or from $changed_from: an earlier
--    gap session ended at least the gap before any changed row, so its end stays an end.
-- Old silver is not read whole. Every session either rule reaches by its end ended after $near
-- ($changed_from less the gap; a gap session starting at or after such a one ends later still), and
-- the sessions files' statistics on session_end skip the rest; an affected id's earlier sessions come
-- from a scan that the join on the id filters inside the reader. At 10 M events the thaw read 0.03 s
-- instead of 0.4 s for all 1.9 M old sessions, and the kept ones are counted from the previous
-- build's counts (thawed_counts.sql).
CREATE OR REPLACE TEMP TABLE near_sessions AS
SELECT user_id, session_number, source_session_id, session_start, session_end, n_events, converted, reconciled, split_source_id, filename AS file
FROM read_parquet($old_sessions, filename = true)
WHERE session_end > $near;

CREATE OR REPLACE TEMP TABLE affected_ids AS
SELECT DISTINCT session_id FROM read_parquet($changed_files, hive_partitioning = false) WHERE session_id IS NOT NULL
UNION
SELECT source_session_id FROM near_sessions WHERE source_session_id IS NOT NULL AND session_end >= $changed_from;

-- session_end > $near is the gap rule's "ended less than the gap before $changed_from".
CREATE OR REPLACE TEMP TABLE gap_from AS
SELECT user_id, least(min(session_start), $changed_from) AS from_time
FROM near_sessions
WHERE source_session_id IS NULL
GROUP BY user_id;

-- The previous sessions built again (with what thawed_counts.sql subtracts, and the file each is in); the
-- rest are kept.
CREATE OR REPLACE TEMP TABLE thawed AS
SELECT o.user_id, o.session_number, o.source_session_id, o.session_start, o.n_events, o.converted, o.reconciled, o.split_source_id, o.file
FROM near_sessions o
LEFT JOIN gap_from g ON g.user_id = o.user_id
WHERE o.source_session_id IS NULL AND o.session_start >= coalesce(g.from_time, $changed_from)
UNION ALL
SELECT user_id, session_number, source_session_id, session_start, n_events, converted, reconciled, split_source_id, filename
FROM read_parquet($old_sessions, filename = true)
WHERE source_session_id IN (SELECT session_id FROM affected_ids);
