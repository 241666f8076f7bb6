-- Partition {partition} of {partitions} of a full build (run after bronze_all.sql, whose bronze_rows it
-- narrows): the bronze rows of the users whose id, once reconciled, hashes to it. What a source session id
-- needs from every user's rows comes from all of bronze in one GROUP BY, plain SQL that a distributed
-- engine runs as it is: its last time (which file its session lands in), its known users (not its own
-- anonymous user, `anon-` and the id as ingest keys it), and whether it has anonymous rows. Its anonymous
-- rows take its one known user here, so they land in that user's partition; an id with two or more known
-- users is split by user, each user's rows in their own partition.
CREATE OR REPLACE TEMP TABLE source_facts AS
SELECT session_id,
       epoch_us(max(event_time)) AS last_micros,
       count(DISTINCT user_id) FILTER (WHERE user_id <> 'anon-' || session_id) AS known_users,
       min(user_id) FILTER (WHERE user_id <> 'anon-' || session_id) AS known_user,
       bool_or(user_id = 'anon-' || session_id) AS anonymous
FROM read_parquet({files}, hive_partitioning = false)
WHERE session_id IS NOT NULL
GROUP BY session_id;

-- hash() is DuckDB's own: every partition of a build runs the same binary, and the merge refuses
-- partitions of another build. A table, not a view: the pass counts the rows, then reads them, and a
-- view would scan all of bronze and join it twice.
DROP VIEW bronze_rows;
CREATE TEMP TABLE bronze_rows AS
SELECT *
FROM (
    SELECT b.event_time,
           CASE WHEN f.known_users = 1 AND b.user_id = 'anon-' || b.session_id THEN f.known_user ELSE b.user_id END AS user_id,
           b.session_id, b.event_type, b.item_id, b.category, b.brand, b.price,
           f.last_micros AS source_last_micros,
           CAST((CASE WHEN f.known_users = 1 AND f.anonymous THEN 1 ELSE 0 END)
                + (CASE WHEN f.known_users > 1 THEN 2 ELSE 0 END) AS INTEGER) AS source_flags
    FROM read_parquet({files}, hive_partitioning = false) b
    LEFT JOIN source_facts f ON f.session_id = b.session_id
)
WHERE hash(user_id) % {partitions} = {partition};
