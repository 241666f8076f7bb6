-- Where the lines the CSV reader could not split fall among the rows it read: per malformed line, how
-- many rows were read before it (`good_before`) and how many malformed lines up to it (`seen`). A row
-- read is numbered by its position plus the header and the malformed lines before it, one line each.
CREATE TABLE good_rows_before AS
WITH numbered_malformed AS (
    SELECT line, row_number() OVER (ORDER BY line) AS seen
    FROM malformed
)
SELECT CAST(line - $first_line - (seen - 1) AS BIGINT) AS good_before, seen
FROM numbered_malformed;
