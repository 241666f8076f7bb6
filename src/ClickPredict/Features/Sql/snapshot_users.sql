SELECT u.user_id, h.sessions, h.converted_sessions, h.purchases, h.spend, h.first_seen, h.last_event_time
FROM user_history h
JOIN users u USING (uno)
WHERE h.sid IS NULL AND h.last_event_time IS NOT NULL
ORDER BY u.user_id
