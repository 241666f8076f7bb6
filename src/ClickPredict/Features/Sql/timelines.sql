-- Running history, one row per contributing event. A row at time t holds totals over everything at
-- or before t, ties included (every row of a tie reads the same), so that
-- "ASOF … ON timeline.time < probe.as_of" reads exactly the history strictly before as_of.
-- Item and category counts are count(partition) - rank(newest first) + 1, the number of rows at or
-- before t, rather than running sums: DuckDB evaluates running-frame aggregates over a large
-- partition (a popular item) many times slower than a rank.

-- Users: sessions started, sessions converted (by their first purchase), purchases and spend.
-- Spend is summed as DECIMAL: exact, so the total does not depend on the order parallel workers add
-- tied rows in (as DOUBLE it differed by up to 1e-13 between runs).
CREATE TEMP TABLE user_timeline AS
SELECT uno, time,
       CAST(sum(started) OVER running AS BIGINT) AS sessions,
       CAST(sum(converted) OVER running AS BIGINT) AS converted_sessions,
       CAST(sum(purchased) OVER running AS BIGINT) AS purchases,
       CAST(sum(spend) OVER running AS DOUBLE) AS spend,
       min(time) OVER (PARTITION BY uno) AS first_seen
FROM (
    SELECT uno, session_start AS time, 1 AS started, 0 AS converted, 0 AS purchased, CAST(0 AS DECIMAL(38, 9)) AS spend FROM sessions
    UNION ALL
    SELECT uno, first_purchase_time, 0, 1, 0, 0 FROM sessions WHERE first_purchase_time IS NOT NULL
    UNION ALL
    SELECT uno, event_time, 0, 0, 1, CAST(coalesce(price, 0) AS DECIMAL(38, 9)) FROM events WHERE event_type = 'purchase'
)
WINDOW running AS (PARTITION BY uno ORDER BY time RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

CREATE TEMP TABLE item_views AS
SELECT ino, event_time AS time, count(*) OVER (PARTITION BY ino) - rank() OVER (PARTITION BY ino ORDER BY event_time DESC) + 1 AS n
FROM events WHERE event_type = 'view';

CREATE TEMP TABLE item_purchases AS
SELECT ino, event_time AS time, count(*) OVER (PARTITION BY ino) - rank() OVER (PARTITION BY ino ORDER BY event_time DESC) + 1 AS n
FROM events WHERE event_type = 'purchase';

CREATE TEMP TABLE category_views AS
SELECT cno, event_time AS time, count(*) OVER (PARTITION BY cno) - rank() OVER (PARTITION BY cno ORDER BY event_time DESC) + 1 AS n
FROM events WHERE event_type = 'view' AND cno IS NOT NULL;

-- The prices of a category's views, for its typical price: summed as DECIMAL (exact, as spend above);
-- a view without a price counts in category_views but not here.
CREATE TEMP TABLE category_view_prices AS
SELECT cno, event_time AS time,
       CAST(sum(CAST(price AS DECIMAL(38, 9))) OVER category_running AS DOUBLE) AS price_sum,
       count(*) OVER category_running AS priced
FROM events WHERE event_type = 'view' AND cno IS NOT NULL AND price IS NOT NULL
WINDOW category_running AS (PARTITION BY cno ORDER BY event_time RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

CREATE TEMP TABLE category_purchases AS
SELECT cno, event_time AS time, count(*) OVER (PARTITION BY cno) - rank() OVER (PARTITION BY cno ORDER BY event_time DESC) + 1 AS n
FROM events WHERE event_type = 'purchase' AND cno IS NOT NULL;
