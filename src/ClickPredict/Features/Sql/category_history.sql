-- Each probe's category: views and purchases by all users strictly before its as_of. A NULL
-- category matches nothing and reads zero.
CREATE OR REPLACE TEMP TABLE category_history AS
SELECT p.*, coalesce(v.n, 0) AS views, coalesce(b.n, 0) AS purchases
FROM category_probes p
ASOF LEFT JOIN category_views v ON v.cno = p.cno AND v.time < p.as_of
ASOF LEFT JOIN category_purchases b ON b.cno = p.cno AND b.time < p.as_of;
