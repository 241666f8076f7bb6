-- Every bronze event (of bronze_rows: all of bronze, or an incremental run's region) for the ordered
-- sessionize pass (OrderedSessionizer), unsorted: OrderedBronze puts them in the pass's order.
-- A source session id is one session: its anonymous rows (user {anonymous_prefix} || session id, as
-- ingest keys them) take the session's one known user. Only an id carrying two known users is split by
-- user (REES46 reuses ids across users); its anonymous rows stay a session of their own.
-- Per row also: the source id's last time (which places its session in silver's history or recent
-- file), its flags (1: reconciled, 2: carried two or more known users) and how many of the user's
-- sessions an incremental build kept (prior_sessions; the region's session numbers continue after them).
WITH rows AS (
    SELECT CASE WHEN k.known_users = 1 AND r.user_id = {anonymous_prefix} || r.session_id THEN k.known_user ELSE r.user_id END AS uid,
           epoch_us(r.event_time) AS micros,
           r.session_id,
           CAST(CASE r.event_type WHEN 'view' THEN 0 WHEN 'cart' THEN 1 WHEN 'remove_from_cart' THEN 2 WHEN 'purchase' THEN 3 END AS INTEGER) AS type,
           r.item_id, r.category, r.brand, r.price,
           epoch_us(k.last_time) AS source_last_micros,
           CAST(CASE WHEN k.known_users = 1 AND k.has_anonymous THEN 1 ELSE 0 END + CASE WHEN k.known_users > 1 THEN 2 ELSE 0 END AS INTEGER) AS source_flags
    FROM bronze_rows r LEFT JOIN source_session_users k ON r.session_id = k.session_id
)
SELECT r.uid, r.micros, r.session_id, r.type, r.item_id, r.category, r.brand, r.price, r.source_last_micros, r.source_flags,
       coalesce(p.n, 0) AS prior_sessions
FROM rows r LEFT JOIN prior_sessions p ON p.user_id = r.uid
