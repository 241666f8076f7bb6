-- Rows that broke a rule, and lines the CSV reader could not split (or decode: invalid_encoding), with the rule and the offending
-- value. A row's line is its position plus the header and the malformed lines before it, one line
-- each; where rows do not take one line each (quoted values holding line breaks, blank lines between
-- rows), editor_rows and editor_malformed hold the line an editor shows (EditorLines), which wins.
CREATE TABLE quarantined AS
WITH numbered_malformed AS (
    SELECT line, row_number() OVER (ORDER BY line) AS seen
    FROM malformed
), good_rows_before AS (
    SELECT CAST(line - $first_line - (seen - 1) AS BIGINT) AS good_before, seen
    FROM numbered_malformed
), failed AS (
    SELECT rowid AS row_id, rule, bad_column, bad_value, raw_record
    FROM staged
    WHERE rule IS NOT NULL
), numbered AS (
    SELECT f.row_id, NULL::BIGINT AS malformed_line, CAST($first_line + f.row_id + coalesce(g.seen, 0) AS BIGINT) AS line,
           f.rule, f.bad_column AS "column", f.bad_value AS "value", f.raw_record, 0 AS line_offset
    FROM failed f ASOF LEFT JOIN good_rows_before g ON f.row_id >= g.good_before
    UNION ALL
    -- A malformed row split into its lines (malformed_lines) gives one record per line, each with its own text.
    SELECT NULL, CAST(m.line AS BIGINT), CAST(m.line AS BIGINT), CASE WHEN m.bad_encoding THEN 'invalid_encoding' ELSE 'malformed_row' END,
           m.column_name, NULL, coalesce(l.text, m.csv_line), coalesce(l.line_offset, 0)
    FROM malformed m LEFT JOIN malformed_lines l ON l.malformed_line = m.line
)
-- A line a stray quote swallowed says where that quote is.
SELECT $source_file AS source_file, coalesce(r.line, m.line, n.line) + n.line_offset AS line, n.rule, n."column",
       CASE WHEN n.line_offset > 0 THEN 'inside the quoted value opened on line ' || coalesce(r.line, m.line, n.line) ELSE n."value" END AS "value",
       n.raw_record
FROM numbered n
LEFT JOIN editor_rows r ON r.row_id = n.row_id
LEFT JOIN editor_malformed m ON m.malformed_line = n.malformed_line;
