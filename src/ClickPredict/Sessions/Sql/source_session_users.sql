-- Per source session id: how many different known users its rows carry, one of them, and whether it
-- also has anonymous rows (user $anonymous_prefix || session id, as ingest keys them). Sessionize uses
-- it to give anonymous rows their session's user, and counts the sessions reconciled or split; the
-- id's last time places its sessions in silver's history or recent file (OrderedSessionizer).
CREATE OR REPLACE TEMP TABLE source_session_users AS
SELECT
    session_id,
    count(DISTINCT user_id) FILTER (WHERE user_id <> $anonymous_prefix || session_id) AS known_users,
    min(user_id) FILTER (WHERE user_id <> $anonymous_prefix || session_id) AS known_user,
    bool_or(user_id = $anonymous_prefix || session_id) AS has_anonymous,
    max(event_time) AS last_time
FROM bronze_rows
WHERE session_id IS NOT NULL
GROUP BY session_id;
