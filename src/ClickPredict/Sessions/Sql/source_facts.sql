-- What a source session id needs from every user's rows, for the partitions of a sessionize build
-- (bronze_partition.sql): one GROUP BY over all of bronze, plain SQL that a distributed engine runs as it
-- is. Per id: its last time (which file its session lands in), its known users (not its own anonymous
-- user, `anon-` and the id as ingest keys it) and whether it has anonymous rows. The first partition of
-- a build to need it saves it beside the partitions for the others.
CREATE OR REPLACE TEMP TABLE source_facts AS
SELECT session_id,
       epoch_us(max(event_time)) AS last_micros,
       count(DISTINCT user_id) FILTER (WHERE user_id <> 'anon-' || session_id) AS known_users,
       min(user_id) FILTER (WHERE user_id <> 'anon-' || session_id) AS known_user,
       bool_or(user_id = 'anon-' || session_id) AS anonymous
FROM read_parquet({files}, hive_partitioning = false)
WHERE session_id IS NOT NULL
GROUP BY session_id;
