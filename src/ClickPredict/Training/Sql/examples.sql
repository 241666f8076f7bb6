-- Gold examples in a fixed order: by session start, so a time split is three contiguous slices and
-- no session lands on two sides; then by session and cut, so every run sees the same row order.
-- The caller appends the feature columns in catalog order as the select list's tail.
SELECT epoch_us(session_start) AS start_us, session_key, label, /* features */
FROM read_parquet($files)
ORDER BY session_start, session_key, cut_k
