-- Every column of the given files, with a value per row (the API's prediction log, or gold files).
-- The caller puts the quoted column list in place of the comment.
SELECT /* columns */
FROM read_parquet($files, union_by_name = true)
