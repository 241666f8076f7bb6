-- Silver's counts: the sessions this build wrote ($sessions) and those it kept from the previous
-- build (kept_sessions, empty for a full build), which are not read from their files again. Kept
-- keys were unique when they were written, so a key collides when it repeats within the new sessions
-- or matches a kept one. {check_keys} is false only when no key can collide (Sessionizer says when):
-- hashing every key took 0.3 s of a 10 M build.
WITH new_sessions AS (
    SELECT session_key, user_id, source_session_id, n_events, converted, reconciled, split_source_id
    FROM read_parquet($sessions)
),
every_session AS (
    SELECT session_key, user_id, source_session_id, n_events, converted, reconciled, split_source_id FROM kept_sessions
    UNION ALL
    SELECT * FROM new_sessions
)
SELECT
    CAST(coalesce(sum(n_events), 0) AS BIGINT) AS events,
    count(*) AS sessions,
    count(DISTINCT user_id) AS users,
    count(source_session_id) AS source_id_sessions,
    count(*) - count(source_session_id) AS gap_sessions,
    count(*) FILTER (WHERE converted) AS converted_sessions,
    count(*) FILTER (WHERE n_events = 1) AS single_event_sessions,
    (SELECT count(*) - count(DISTINCT session_key) FROM new_sessions WHERE {check_keys})
        + (SELECT count(*) FROM new_sessions WHERE {check_keys} AND session_key IN (SELECT session_key FROM kept_sessions)) AS colliding_keys,
    count(*) FILTER (WHERE reconciled) AS reconciled_sessions,
    count(DISTINCT source_session_id) FILTER (WHERE split_source_id) AS split_source_ids
FROM every_session;
