-- A previous silver file (events or sessions: both name a session by user and session number) with
-- its thawed sessions left out, in silver's order. A filter by join does not promise to keep the
-- file's row order, so the order is stated — by the row's position in the file, which is silver's
-- order already: one integer sorts faster than the (key, position) pair (5 M events: 1.48 s against
-- 1.79 s).
COPY (
SELECT f.* EXCLUDE (file_row_number)
FROM read_parquet($file, file_row_number = true) f
ANTI JOIN thawed t ON t.user_id = f.user_id AND t.session_number = f.session_number
ORDER BY f.file_row_number
) TO {target} (FORMAT parquet, COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1000);
