-- Data-quality profile of one staged file, in one aggregate pass over `staged`: how many canonical
-- values are NULL (missing or unparseable) among the rows read, and the event-type mix and time range
-- of the accepted rows (valid and not a dropped duplicate).
SELECT
    count(*) AS rows_staged,
    count(*) FILTER (WHERE event_time IS NULL) AS null_event_time,
    count(*) FILTER (WHERE user_id IS NULL) AS null_user_id,
    count(*) FILTER (WHERE session_id IS NULL) AS null_session_id,
    count(*) FILTER (WHERE event_type IS NULL) AS null_event_type,
    count(*) FILTER (WHERE item_id IS NULL) AS null_item_id,
    count(*) FILTER (WHERE category IS NULL) AS null_category,
    count(*) FILTER (WHERE brand IS NULL) AS null_brand,
    count(*) FILTER (WHERE price IS NULL) AS null_price,
    count(*) FILTER (WHERE accepted AND event_type = 'view') AS type_view,
    count(*) FILTER (WHERE accepted AND event_type = 'cart') AS type_cart,
    count(*) FILTER (WHERE accepted AND event_type = 'remove_from_cart') AS type_remove_from_cart,
    count(*) FILTER (WHERE accepted AND event_type = 'purchase') AS type_purchase,
    min(event_time) FILTER (WHERE accepted) AS first_event,
    max(event_time) FILTER (WHERE accepted) AS last_event
FROM (
    SELECT event_time, user_id, session_id, event_type, item_id, category, brand, price,
           rule IS NULL AND rowid NOT IN (SELECT row_id FROM duplicate_rows) AS accepted
    FROM staged
);
