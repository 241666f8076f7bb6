-- What the thawed sessions (empty for a full build) counted in the previous build, which silver's
-- counts lose; the pass counts what it writes (OrderedSessionizer). Users: the thawed sessions' users
-- with no kept session (prior_sessions has each region user's kept ones). An affected source id has
-- every session thawed, so its split flag goes with them.
SELECT
    CAST(coalesce(sum(n_events), 0) AS BIGINT) AS events,
    count(*) AS sessions,
    count(DISTINCT user_id) FILTER (WHERE user_id NOT IN (SELECT user_id FROM prior_sessions)) AS users,
    count(source_session_id) AS source_id_sessions,
    count(*) - count(source_session_id) AS gap_sessions,
    count(*) FILTER (WHERE converted) AS converted_sessions,
    count(*) FILTER (WHERE n_events = 1) AS single_event_sessions,
    count(*) FILTER (WHERE reconciled) AS reconciled_sessions,
    count(DISTINCT source_session_id) FILTER (WHERE split_source_id) AS split_source_ids
FROM thawed;
