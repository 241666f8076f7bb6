-- Silver's events in silver's order (session key, then position), as the one ordered features pass
-- reads them: read_parquet keeps the files' row order, which sessionize wrote sorted, so nothing is
-- sorted here. The user, session number and source session id are read only at a session's first
-- event, where they and its time make its key; the event type comes as the EventType code.
SELECT event_index,
       user_id,
       session_number,
       epoch_us(event_time) AS micros,
       CAST(CASE event_type WHEN 'view' THEN 0 WHEN 'cart' THEN 1 WHEN 'remove_from_cart' THEN 2 WHEN 'purchase' THEN 3 END AS INTEGER) AS type,
       item_id,
       category,
       price,
       session_id
FROM read_parquet({files}, hive_partitioning = false)
