SELECT
    CAST(coalesce(sum(n_events), 0) AS BIGINT) AS events,
    count(*) AS sessions,
    count(DISTINCT user_id) AS users,
    count(source_session_id) AS source_id_sessions,
    count(*) - count(source_session_id) AS gap_sessions,
    count(*) FILTER (WHERE converted) AS converted_sessions,
    count(*) FILTER (WHERE n_events = 1) AS single_event_sessions,
    count(*) - count(DISTINCT session_key) AS colliding_keys,
    count(*) FILTER (WHERE reconciled) AS reconciled_sessions,
    count(DISTINCT source_session_id) FILTER (WHERE split_source_id) AS split_source_ids
FROM read_parquet($sessions);
