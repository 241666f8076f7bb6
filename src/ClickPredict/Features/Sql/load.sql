-- Silver, loaded once, with dense integer ids for sessions, users, items and categories: every sort
-- and as-of join below keys on them, and DuckDB sorts and joins integers several times faster than
-- text. The ids never leave this database.
CREATE TEMP TABLE users AS
SELECT user_id, CAST(row_number() OVER () AS INTEGER) AS uno
FROM (SELECT DISTINCT user_id FROM read_parquet($sessions));

CREATE TEMP TABLE items AS
SELECT item_id, CAST(row_number() OVER () AS INTEGER) AS ino
FROM (SELECT DISTINCT item_id FROM read_parquet($events));

CREATE TEMP TABLE categories AS
SELECT category, CAST(row_number() OVER () AS INTEGER) AS cno
FROM (SELECT DISTINCT category FROM read_parquet($events) WHERE category IS NOT NULL);

CREATE TEMP TABLE sessions AS
SELECT s.sid, s.session_key, s.user_id, u.uno, s.session_start, s.first_purchase_time, s.first_purchase_index
FROM (SELECT CAST(row_number() OVER () AS INTEGER) AS sid, * FROM read_parquet($sessions)) s
JOIN users u USING (user_id);

-- event_type as an ENUM: every window and FILTER below compares or sorts it as a small integer
-- instead of text (the prefix windows run ~20% faster). Ingest rejects any other type, so the cast
-- cannot fail on silver.
CREATE TEMP TABLE events AS
SELECT s.sid, s.uno, e.event_index, e.event_time,
       CAST(e.event_type AS ENUM('view', 'cart', 'remove_from_cart', 'purchase')) AS event_type, i.ino, c.cno, e.price, s.session_start, s.first_purchase_index
FROM read_parquet($events) e
JOIN sessions s USING (session_key)
JOIN items i USING (item_id)
LEFT JOIN categories c USING (category);
