-- A full build: every bronze row is sessionized. A view, so each statement that reads it still reads
-- only the columns it needs from the Parquet files. hive_partitioning is off so the event_date folder
-- never takes part: sessions cross midnight.
CREATE OR REPLACE TEMP VIEW bronze_rows AS
SELECT event_time, user_id, session_id, event_type, item_id, category, brand, price
FROM read_parquet({files}, hive_partitioning = false);

-- Nothing of an earlier build is thawed or kept (incremental_thaw.sql and incremental_rows.sql fill
-- these for an incremental one).
CREATE OR REPLACE TEMP TABLE thawed (
    user_id VARCHAR, session_number INTEGER, source_session_id VARCHAR, session_start TIMESTAMP, n_events BIGINT,
    converted BOOLEAN, reconciled BOOLEAN, split_source_id BOOLEAN, file VARCHAR);
CREATE OR REPLACE TEMP TABLE prior_sessions (user_id VARCHAR, n BIGINT, last_start TIMESTAMP);
CREATE OR REPLACE TEMP VIEW kept_keys AS SELECT CAST(NULL AS VARCHAR) AS session_key WHERE false;
