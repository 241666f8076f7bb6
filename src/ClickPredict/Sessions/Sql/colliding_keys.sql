-- How many of the sessions this build wrote ($sessions) would share a key: with each other, or with a
-- kept session (kept_keys; kept keys were unique when they were written). Run only when a key can
-- collide (Sessionizer says when): hashing every key took 0.3 s of a 10 M build.
WITH new_sessions AS (SELECT session_key FROM read_parquet($sessions))
SELECT (SELECT count(*) - count(DISTINCT session_key) FROM new_sessions)
     + (SELECT count(*) FROM new_sessions WHERE session_key IN (SELECT session_key FROM kept_keys));
