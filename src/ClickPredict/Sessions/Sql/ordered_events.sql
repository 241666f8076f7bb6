-- Every bronze event (of bronze_rows: all of bronze, or an incremental run's region) for the ordered
-- sessionize pass (OrderedSessionizer), unsorted and as stored: OrderedBronze gives source sessions'
-- anonymous rows their session's user and puts the rows in the pass's order. The last columns are none,
-- or for a partition (bronze_partition.sql) each row's source session facts over all of bronze.
SELECT user_id,
       epoch_us(event_time) AS micros,
       session_id,
       CAST(CASE event_type WHEN 'view' THEN 0 WHEN 'cart' THEN 1 WHEN 'remove_from_cart' THEN 2 WHEN 'purchase' THEN 3 END AS INTEGER) AS type,
       item_id, category, brand, price{source_facts}
FROM bronze_rows
