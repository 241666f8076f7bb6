-- A previous silver file with its thawed sessions left out, in silver's order. A filter by join does
-- not promise to keep the file's row order, so the order is stated: the rows are sorted already.
COPY (
SELECT * FROM read_parquet($file)
WHERE session_key NOT IN (SELECT session_key FROM thawed)
ORDER BY {order}
) TO {target} (FORMAT parquet, COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1000);
