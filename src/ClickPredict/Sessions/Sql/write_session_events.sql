-- Every bronze event (of bronze_rows: all of bronze, or an incremental run's region) with its
-- session key and 1-based position in the session.
-- A source session id is kept per user (REES46 reuses one id across users); events without one
-- belong to the gap session that started last at or before them (ASOF join on gap_starts), keyed by
-- that start in epoch microseconds, which stays stable when later events are added.
-- The order inside a session is total over the row's content, so file order never shows through:
-- time, then view < cart < remove_from_cart < purchase, then item, price, category, brand.
-- hive_partitioning is off so the event_date folder never takes part: sessions cross midnight.
-- Silver comes in two files, written by running this statement twice: {part} picks the sessions of
-- each, {rows} the bronze rows it reads. A recent session is a gap session that started on or after
-- $recent_start (a day before $split, the last bronze date's midnight less the gap) or a source
-- session whose id was last seen on or after $split. A later day thaws only sessions that ended on or
-- after $split (incremental_thaw.sql), so the next incremental build links the history file as it is
-- and rewrites only the small recent one; a gap session longer than a day or a source id that comes
-- back costs a rewrite of the history file, nothing more. The recent run reads the rows from
-- $recent_from on (its sessions' earliest start), which the bronze files' statistics prune to a
-- day or two; the history run reads everything, as one file did.
-- DICTIONARY_SIZE_LIMIT: ids with tens of thousands of values per row group (session_key, user_id,
-- item_id) go plain at once instead of building a dictionary first; about a quarter less write CPU
-- for files 1% larger. Event types, categories and brands stay dictionary-encoded.
COPY (
WITH raw AS NOT MATERIALIZED (
    SELECT event_time, user_id, session_id, event_type, item_id, category, brand, price
    FROM {rows}
), bronze AS NOT MATERIALIZED (
    -- A source session id is one session: its anonymous rows (user $anonymous_prefix || session id, as
    -- ingest keys them) take the session's one known user. Only an id carrying two known users is
    -- split by user (REES46 reuses ids across users); its anonymous rows stay a session of their own.
    SELECT r.event_time,
           CASE WHEN k.known_users = 1 AND r.user_id = $anonymous_prefix || r.session_id THEN k.known_user ELSE r.user_id END AS user_id,
           r.session_id, r.event_type, r.item_id, r.category, r.brand, r.price, k.last_time AS source_last_time
    FROM raw r LEFT JOIN source_session_users k ON r.session_id = k.session_id
), keyed AS (
    SELECT user_id || '/' || session_id AS session_key, source_last_time >= $split AS recent, *
    FROM bronze
    WHERE session_id IS NOT NULL
    UNION ALL
    SELECT b.user_id || '/g' || epoch_us(g.session_start), g.session_start >= $recent_start, b.*
    FROM (SELECT * FROM bronze WHERE session_id IS NULL) b
    ASOF JOIN gap_starts g ON b.user_id = g.user_id AND b.event_time >= g.session_start
)
SELECT
    session_key,
    CAST(row_number() OVER (
        PARTITION BY session_key
        ORDER BY event_time,
                 CASE event_type WHEN 'view' THEN 0 WHEN 'cart' THEN 1 WHEN 'remove_from_cart' THEN 2 WHEN 'purchase' THEN 3 END,
                 item_id, price NULLS FIRST, category NULLS FIRST, brand NULLS FIRST
    ) AS INTEGER) AS event_index,
    event_time, user_id, session_id, event_type, item_id, category, brand, price
FROM keyed
WHERE {part}
ORDER BY session_key, event_index
) TO {target} (FORMAT parquet, COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1000);
