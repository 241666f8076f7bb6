-- Where each gap-derived session starts: an event without a source session id whose distance to the
-- same user's previous such event is at least the gap ($gap_us microseconds; exactly the gap starts a
-- new session). Only times matter here: events tied in time are never split, so the tie order is
-- irrelevant and this pass reads two narrow columns.
CREATE OR REPLACE TEMP TABLE gap_starts AS
SELECT user_id, event_time AS session_start
FROM (
    SELECT user_id, event_time, lag(event_time) OVER (PARTITION BY user_id ORDER BY event_time) AS previous_time
    FROM bronze_rows
    WHERE session_id IS NULL
)
WHERE previous_time IS NULL OR epoch_us(event_time) - epoch_us(previous_time) >= $gap_us;
