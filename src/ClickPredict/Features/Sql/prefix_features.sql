-- One row per cut point: the prefix features (expressions from FeatureCatalog) evaluated over the
-- window of the session's events up to the cut. Cuts are sampled after the window is computed
-- (QUALIFY), so every prefix still sees all of its events.
CREATE TEMP TABLE prefix_features AS
SELECT e.sid, e.uno, e.event_index AS cut_k, e.event_time AS cut_time, e.session_start, e.ino, e.cno, e.price AS cut_price,
       {features}
FROM (
{prefix_events}
) e
WINDOW prefix AS (PARTITION BY e.sid ORDER BY e.event_index ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
QUALIFY e.is_cut;
