-- One row per session, from the session_events just written. Grouping by user and source id too
-- lets the caller check that no two sessions share a key (ids containing '/' could collide).
COPY (
WITH summarized AS (
    SELECT
        session_key,
        user_id,
        session_id AS source_session_id,
        min(event_time) AS session_start,
        max(event_time) AS session_end,
        count(*) AS n_events,
        count(*) FILTER (WHERE event_type = 'view') AS n_views,
        count(*) FILTER (WHERE event_type = 'cart') AS n_carts,
        count(*) FILTER (WHERE event_type = 'remove_from_cart') AS n_removes,
        count(*) FILTER (WHERE event_type = 'purchase') AS n_purchases,
        min(event_time) FILTER (WHERE event_type = 'purchase') AS first_purchase_time,
        min(event_index) FILTER (WHERE event_type = 'purchase') AS first_purchase_index
    FROM read_parquet($session_events)
    GROUP BY session_key, user_id, session_id
)
SELECT
    session_key, user_id, source_session_id, session_start, session_end,
    date_diff('microsecond', session_start, session_end) / 1e6 AS duration_seconds,
    n_events, n_views, n_carts, n_removes, n_purchases,
    n_purchases > 0 AS converted,
    first_purchase_time, first_purchase_index,
    CAST(row_number() OVER (PARTITION BY user_id ORDER BY session_start, session_key) AS INTEGER) AS session_number
FROM summarized
ORDER BY session_key
) TO {target} (FORMAT parquet, COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1000);
