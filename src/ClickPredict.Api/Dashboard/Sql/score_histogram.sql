-- Prediction-log rows per file, UTC day (days since 1970-01-01, integer arithmetic: no time-zone
-- conversion per row), model version and score bin (20 equal bins over [0, 1]).
SELECT
    filename,
    epoch_us(logged_at) // 86400000000 AS day,
    model_name,
    model_version,
    least(greatest(CAST(floor(probability * 20) AS INTEGER), 0), 19) AS bin,
    count(*) AS n
FROM read_parquet($files, filename = true)
GROUP BY ALL
