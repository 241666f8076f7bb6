-- The feature columns of the examples whose session starts in [$from, $to), in no particular order:
-- drift compares distributions, so the sort a training load needs is not paid here.
-- The caller puts the quoted feature columns in place of the comment.
SELECT /* features */
FROM read_parquet($files)
WHERE session_start >= $from AND session_start < $to
