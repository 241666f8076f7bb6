-- Exact duplicates among valid rows: the first occurrence in file order is kept.
-- Grouping the row hashes (computed while staging) first keeps the exact comparison to the few rows whose hash repeats.
CREATE TABLE duplicate_rows AS
WITH repeated AS (
    SELECT row_hash
    FROM staged
    WHERE row_hash IS NOT NULL
    GROUP BY row_hash
    HAVING count(*) > 1
), candidates AS (
    SELECT rowid AS row_id, event_time, user_id, session_id, event_type, item_id, category, brand, price
    FROM staged
    WHERE rule IS NULL
      AND row_hash IN (SELECT row_hash FROM repeated)
)
SELECT row_id
FROM (
    SELECT row_id, row_number() OVER (
        PARTITION BY event_time, user_id, session_id, event_type, item_id, category, brand, price
        ORDER BY row_id) AS occurrence
    FROM candidates
)
WHERE occurrence > 1;
