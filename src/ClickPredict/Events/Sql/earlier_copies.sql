-- Valid rows that repeat a row already in the lake or in an earlier file of this ingest (two exports
-- that overlap): exact copies of every canonical field, NULLs equal. Added to duplicate_rows, so they
-- are dropped and counted like repeats inside one file. The caller passes only the files of the
-- event dates this file touches: bronze is partitioned by date, so a new day compares with one day.
INSERT INTO duplicate_rows
SELECT s.rowid
FROM staged s
SEMI JOIN (
    SELECT event_time, user_id, session_id, event_type, item_id, category, brand, price
    FROM read_parquet($earlier, hive_partitioning = false)
) e ON s.event_time = e.event_time AND s.user_id = e.user_id AND s.item_id = e.item_id AND s.event_type = e.event_type
   AND s.session_id IS NOT DISTINCT FROM e.session_id AND s.category IS NOT DISTINCT FROM e.category
   AND s.brand IS NOT DISTINCT FROM e.brand AND s.price IS NOT DISTINCT FROM e.price
WHERE s.rule IS NULL
  AND s.rowid NOT IN (SELECT row_id FROM duplicate_rows);
