-- A full build: every bronze row is sessionized. A view, so each statement that reads it still reads
-- only the columns it needs from the Parquet files. hive_partitioning is off so the event_date folder
-- never takes part: sessions cross midnight.
CREATE OR REPLACE TEMP VIEW bronze_rows AS
SELECT event_time, user_id, session_id, event_type, item_id, category, brand, price
FROM read_parquet({files}, hive_partitioning = false);

CREATE OR REPLACE TEMP TABLE prior_sessions (user_id VARCHAR, n BIGINT);
