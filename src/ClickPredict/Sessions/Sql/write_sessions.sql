-- One row per session, from the session_events just written. Grouping by user and source id too
-- lets the caller check that no two sessions share a key (ids containing '/' could collide).
-- reconciled: a source session whose anonymous rows took its one known user; split_source_id: its
-- source id carried two or more known users. session_number continues after the user's sessions
-- kept from an earlier build (prior_sessions; empty for a full build). The sessions split over two
-- files as their events did (write_session_events.sql: history or recent).
CREATE OR REPLACE TEMP TABLE session_summary AS
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
    session_key, s.user_id, source_session_id, session_start, session_end,
    date_diff('microsecond', session_start, session_end) / 1e6 AS duration_seconds,
    n_events, n_views, n_carts, n_removes, n_purchases,
    n_purchases > 0 AS converted,
    first_purchase_time, first_purchase_index,
    CAST(row_number() OVER (PARTITION BY s.user_id ORDER BY session_start, session_key) + coalesce(p.n, 0) AS INTEGER) AS session_number,
    coalesce(k.known_users = 1 AND k.has_anonymous, false) AS reconciled,
    coalesce(k.known_users > 1, false) AS split_source_id,
    CASE WHEN source_session_id IS NULL THEN session_start >= $recent_start ELSE k.last_time >= $split END AS recent
FROM summarized s
LEFT JOIN source_session_users k ON k.session_id = s.source_session_id
LEFT JOIN prior_sessions p ON p.user_id = s.user_id;

COPY (
SELECT * EXCLUDE (recent) FROM session_summary WHERE NOT recent ORDER BY session_key
) TO {history} (FORMAT parquet, COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1000);

COPY (
SELECT * EXCLUDE (recent) FROM session_summary WHERE recent ORDER BY session_key
) TO {target} (FORMAT parquet, COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1000);

DROP TABLE session_summary;
