-- Rows that broke a rule, and lines the CSV reader could not split, with the rule and the offending
-- value. A row's line is its position plus the header and the malformed lines before it
-- (good_rows_before), plus the line breaks inside quoted values of the rows before it (spanning), so it
-- is the line an editor shows.
CREATE TABLE quarantined AS
WITH failed AS (
    SELECT rowid AS row_id, rule, bad_column, bad_value, raw_record
    FROM staged
    WHERE rule IS NOT NULL
), numbered AS (
    SELECT $source_file AS source_file, CAST($first_line + f.row_id + coalesce(g.seen, 0) AS BIGINT) AS line,
           f.rule, f.bad_column AS "column", f.bad_value AS "value", f.raw_record
    FROM failed f ASOF LEFT JOIN good_rows_before g ON f.row_id >= g.good_before
    UNION ALL
    -- DuckDB's text of a malformed line can begin with the line feed before it (Windows line ends).
    SELECT $source_file, CAST(line AS BIGINT), 'malformed_row', column_name, NULL, trim(csv_line, chr(13) || chr(10))
    FROM malformed
)
SELECT source_file, CAST(line + coalesce((SELECT sum(s.extra) FROM spanning s WHERE s.line < n.line), 0) AS BIGINT) AS line,
       rule, "column", "value", raw_record
FROM numbered n;
