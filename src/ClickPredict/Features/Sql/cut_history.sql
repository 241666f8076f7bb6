-- Each cut probe's item and category: views and purchases by all users strictly before its as_of
-- (and the category's viewed prices),
-- in one table so the examples write joins it once. A NULL item or category matches nothing and
-- reads zero (the snapshot's item probes have no category and its category probes no item).
CREATE OR REPLACE TEMP TABLE cut_history AS
SELECT p.*,
       coalesce(iv.n, 0) AS item_views,
       coalesce(ib.n, 0) AS item_purchases,
       coalesce(cv.n, 0) AS category_views,
       coalesce(cb.n, 0) AS category_purchases,
       coalesce(cp.price_sum, 0) AS category_view_price_sum,
       coalesce(cp.priced, 0) AS category_priced_views
FROM cut_probes p
ASOF LEFT JOIN item_views iv ON iv.ino = p.ino AND iv.time < p.as_of
ASOF LEFT JOIN item_purchases ib ON ib.ino = p.ino AND ib.time < p.as_of
ASOF LEFT JOIN category_views cv ON cv.cno = p.cno AND cv.time < p.as_of
ASOF LEFT JOIN category_purchases cb ON cb.cno = p.cno AND cb.time < p.as_of
ASOF LEFT JOIN category_view_prices cp ON cp.cno = p.cno AND cp.time < p.as_of;
