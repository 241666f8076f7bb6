-- Every event that can be in a prefix (position <= $max_cut and before the session's first
-- purchase) with the per-event columns prefix features aggregate. Each column looks only at the
-- event and earlier ones of its session. PrefixEvent.Fill is the C# twin of this statement.
-- A subquery of prefix_features.sql, never a table: materializing ~8 M rows only to read them once
-- more costs more than it saves.
SELECT e.sid, e.uno, e.event_index, e.event_time, e.event_type, e.ino, e.cno, e.price, e.session_start,
       e.event_index <= $dense_cuts OR e.event_index % $cut_stride = 0 AS is_cut,
       (epoch_us(e.event_time) - epoch_us(lag(e.event_time) OVER (PARTITION BY e.sid ORDER BY e.event_index))) / 1e6 AS gap_seconds,
       row_number() OVER same_item = 1 AS first_of_item,
       count(*) FILTER (WHERE e.event_type = 'view') OVER same_item AS item_views_so_far,
       e.cno IS NOT NULL AND row_number() OVER same_category = 1 AS first_of_category,
       CASE WHEN e.cno IS NULL THEN 0 ELSE count(*) FILTER (WHERE e.event_type = 'view') OVER same_category END AS category_views_so_far
FROM events e
WHERE e.event_index <= $max_cut AND (e.first_purchase_index IS NULL OR e.event_index < e.first_purchase_index)
WINDOW same_item AS (PARTITION BY e.sid, e.ino ORDER BY e.event_index ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
       same_category AS (PARTITION BY e.sid, e.cno ORDER BY e.event_index ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
