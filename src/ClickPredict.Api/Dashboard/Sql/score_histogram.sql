-- Prediction-log rows per file, UTC day, model version and score bin (20 equal bins over [0, 1]).
SELECT
    filename,
    CAST(timezone('UTC', logged_at) AS DATE) AS day,
    model_name,
    model_version,
    least(greatest(CAST(floor(probability * 20) AS INTEGER), 0), 19) AS bin,
    count(*) AS n
FROM read_parquet($files, filename = true)
GROUP BY ALL
