-- Silver's counts: the previous build's ($prev_*, zeros for a full build) less its thawed sessions
-- (thawed), plus the sessions this build wrote ($sessions), so the kept sessions are never read again.
-- Users: the previous ones, less the thawed sessions' users with no kept session (prior_sessions has
-- each region user's kept ones), plus the new sessions' users with none. An affected source id has
-- every session thawed, so split ids subtract the same way. Kept keys were unique when they were
-- written, so a key collides when it repeats within the new sessions or matches a kept one (kept_keys).
-- {check_keys} is false when no key can collide (Sessionizer says when): hashing every key took 0.3 s
-- of a 10 M build.
WITH new_sessions AS (
    SELECT session_key, user_id, source_session_id, n_events, converted, reconciled, split_source_id
    FROM read_parquet($sessions)
),
changes AS (
    SELECT 1 AS sign, user_id, source_session_id, n_events, converted, reconciled, split_source_id FROM new_sessions
    UNION ALL
    SELECT -1, user_id, source_session_id, n_events, converted, reconciled, split_source_id FROM thawed
)
SELECT
    $prev_events + CAST(coalesce(sum(sign * n_events), 0) AS BIGINT) AS events,
    $prev_sessions + coalesce(sum(sign), 0) AS sessions,
    $prev_users
        + count(DISTINCT user_id) FILTER (WHERE sign = 1 AND user_id NOT IN (SELECT user_id FROM prior_sessions))
        - count(DISTINCT user_id) FILTER (WHERE sign = -1 AND user_id NOT IN (SELECT user_id FROM prior_sessions)) AS users,
    $prev_source_id_sessions + coalesce(sum(sign) FILTER (WHERE source_session_id IS NOT NULL), 0) AS source_id_sessions,
    $prev_gap_sessions + coalesce(sum(sign) FILTER (WHERE source_session_id IS NULL), 0) AS gap_sessions,
    $prev_converted_sessions + coalesce(sum(sign) FILTER (WHERE converted), 0) AS converted_sessions,
    $prev_single_event_sessions + coalesce(sum(sign) FILTER (WHERE n_events = 1), 0) AS single_event_sessions,
    (SELECT count(*) - count(DISTINCT session_key) FROM new_sessions WHERE {check_keys})
        + (SELECT count(*) FROM new_sessions WHERE {check_keys} AND session_key IN (SELECT session_key FROM kept_keys)) AS colliding_keys,
    $prev_reconciled_sessions + coalesce(sum(sign) FILTER (WHERE reconciled), 0) AS reconciled_sessions,
    $prev_split_source_ids
        + count(DISTINCT source_session_id) FILTER (WHERE sign = 1 AND split_source_id)
        - count(DISTINCT source_session_id) FILTER (WHERE sign = -1 AND split_source_id) AS split_source_ids
FROM changes;
