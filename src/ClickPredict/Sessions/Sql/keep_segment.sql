-- A previous silver file with its thawed sessions left out, in silver's order. A filter by join does
-- not promise to keep the file's row order, so the order is stated — by the row's position in the
-- file, which is silver's order already: one integer sorts faster than the (key, position) pair
-- (5 M events: 1.48 s against 1.79 s).
COPY (
SELECT * EXCLUDE (file_row_number)
FROM read_parquet($file, file_row_number = true)
WHERE session_key NOT IN (SELECT session_key FROM thawed)
ORDER BY file_row_number
) TO {target} (FORMAT parquet, COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1000);
