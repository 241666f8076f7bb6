-- Partition {partition} of {partitions} of a full build (run after bronze_all.sql, whose bronze_rows it
-- narrows, and source_facts.sql): the bronze rows of the users whose id, once reconciled, hashes to it. A
-- source session id's anonymous rows take its one known user here, so they land in that user's
-- partition; an id with two or more known users is split by user, each user's rows in their own partition.

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
