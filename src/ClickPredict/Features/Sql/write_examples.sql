-- Gold examples: keys, label (the session purchases after the cut: every cut is before its first
-- purchase) and every FeatureCatalog feature, in catalog order. Rows are in no particular order:
-- sorting 6.7 million wide rows (10 million events) costs more than writing them; readers sort or
-- filter by session_start, session_key and cut_k.
-- The check that every feature is finite runs in the same pass (error() aborts the COPY, so
-- nothing is committed) instead of reading the written file back.
COPY (
SELECT * FROM (
    SELECT s.session_key, f.cut_k, s.user_id, f.session_start, f.cut_time,
           s.first_purchase_index IS NOT NULL AS label,
           {features}
    FROM prefix_features f
    JOIN sessions s ON s.sid = f.sid
    JOIN user_history u ON u.sid = f.sid
    JOIN cut_history h ON h.sid = f.sid AND h.cut_k = f.cut_k
) x
WHERE CASE WHEN coalesce({finite}, false) THEN true
           ELSE error('An example has a NULL, NaN or infinite feature; a feature definition lacks its sentinel. Nothing was committed.') END
) TO {target} (FORMAT parquet, COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1000, KV_METADATA {metadata});
