-- Each probe's user history strictly before its as_of: sessions started, sessions whose first
-- purchase came, purchases and spend, first session start, and the last event (any session).
CREATE OR REPLACE TEMP TABLE user_history AS
SELECT p.*,
       coalesce(t.sessions, 0) AS sessions,
       coalesce(t.converted_sessions, 0) AS converted_sessions,
       coalesce(t.purchases, 0) AS purchases,
       coalesce(t.spend, 0) AS spend,
       t.first_seen,
       e.event_time AS last_event_time
FROM user_probes p
ASOF LEFT JOIN user_timeline t ON t.uno = p.uno AND t.time < p.as_of
ASOF LEFT JOIN events e ON e.uno = p.uno AND e.event_time < p.as_of;
