-- Each probe's item: views and purchases by all users strictly before its as_of.
CREATE OR REPLACE TEMP TABLE item_history AS
SELECT p.*, coalesce(v.n, 0) AS views, coalesce(b.n, 0) AS purchases
FROM item_probes p
ASOF LEFT JOIN item_views v ON v.ino = p.ino AND v.time < p.as_of
ASOF LEFT JOIN item_purchases b ON b.ino = p.ino AND b.time < p.as_of;
