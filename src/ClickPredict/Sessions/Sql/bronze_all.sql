-- A full build: every bronze row is sessionized. A view, so each statement that reads it still reads
-- only the columns it needs from the Parquet files. hive_partitioning is off so the event_date folder
-- never takes part: sessions cross midnight.
CREATE OR REPLACE TEMP VIEW bronze_rows AS
SELECT event_time, user_id, session_id, event_type, item_id, category, brand, price
FROM read_parquet({files}, hive_partitioning = false);

-- Nothing of an earlier build is kept (incremental_thaw.sql fills both for an incremental one).
CREATE OR REPLACE TEMP TABLE prior_sessions (user_id VARCHAR, n BIGINT, last_start TIMESTAMP);
CREATE OR REPLACE TEMP VIEW kept_sessions AS
SELECT CAST(NULL AS VARCHAR) AS session_key, CAST(NULL AS VARCHAR) AS user_id, CAST(NULL AS VARCHAR) AS source_session_id,
       CAST(NULL AS TIMESTAMP) AS session_start, CAST(NULL AS BIGINT) AS n_events, CAST(NULL AS BOOLEAN) AS converted,
       CAST(NULL AS BOOLEAN) AS reconciled, CAST(NULL AS BOOLEAN) AS split_source_id
WHERE false;
