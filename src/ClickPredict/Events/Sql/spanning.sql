-- The rows of a CSV that take more than one line (a quoted value holding a line break), only for a file
-- with more line feeds than rows (FileStager). DuckDB numbers rows one line each, so every row after such
-- a row is that many lines further down than its number says; quarantine.sql adds them up.
-- `line`: the row's line as the reader counts it (as quarantine.sql numbers its rows); `extra`: its
-- line breaks. `line_breaks` holds each readable row's (FileStager reads the file again with the same
-- reader, so the rows come in the same order and rowid is the position among them, as in `staged`);
-- the malformed lines carry their text.
CREATE TABLE spanning AS
WITH readable AS (
    SELECT rowid AS row_id, extra FROM line_breaks WHERE extra > 0
)
SELECT CAST($first_line + r.row_id + coalesce(g.seen, 0) AS BIGINT) AS line, CAST(r.extra AS BIGINT) AS extra
FROM readable r ASOF LEFT JOIN good_rows_before g ON r.row_id >= g.good_before
UNION ALL
SELECT CAST(line AS BIGINT), CAST(strlen(inner_text) - strlen(replace(inner_text, chr(10), '')) AS BIGINT)
-- Only the breaks inside the row count (DuckDB's text of a malformed line can begin with the line feed
-- before it, as quarantine.sql notes).
FROM (SELECT line, trim(csv_line, chr(13) || chr(10)) AS inner_text FROM malformed)
WHERE contains(inner_text, chr(10));
