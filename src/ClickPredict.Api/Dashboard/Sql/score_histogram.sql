-- Prediction-log rows per file, UTC day (days since 1970-01-01, integer arithmetic: no time-zone
-- conversion per row), model version and score bin (20 equal bins over [0, 1]). A row whose
-- probability is not a number in [0, 1] (a log written before the API refused such answers, or a
-- damaged one) gets bin -1: the reader skips and counts it instead of failing on it.
SELECT
    filename,
    epoch_us(logged_at) // 86400000000 AS day,
    model_name,
    model_version,
    CASE WHEN isfinite(probability) AND probability BETWEEN 0 AND 1
         THEN least(CAST(floor(probability * 20) AS INTEGER), 19)
         ELSE -1 END AS bin,
    count(*) AS n
FROM read_parquet($files, filename = true)
GROUP BY ALL
