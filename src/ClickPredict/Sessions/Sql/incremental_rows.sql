-- The bronze rows an incremental build sessionizes again ($region_files: the dates from the earliest
-- thawed session's start on): every row of an affected source id, and each user's gap rows from
-- where their affected gap sessions begin (incremental_thaw.sql).
CREATE OR REPLACE TEMP TABLE bronze_rows AS
SELECT r.event_time, r.user_id, r.session_id, r.event_type, r.item_id, r.category, r.brand, r.price
FROM read_parquet($region_files, hive_partitioning = false) r
LEFT JOIN gap_from g ON r.session_id IS NULL AND g.user_id = r.user_id
WHERE CASE WHEN r.session_id IS NULL THEN r.event_time >= coalesce(g.from_time, $changed_from)
           ELSE r.event_time >= $changed_from OR r.session_id IN (SELECT session_id FROM affected_ids) END;
