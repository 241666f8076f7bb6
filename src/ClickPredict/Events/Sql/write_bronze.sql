-- Accepted rows as canonical events, one Parquet folder per event date.
COPY (
    SELECT event_time, user_id, session_id, event_type, item_id, category, brand, price,
           CAST(event_time AS DATE) AS event_date
    FROM staged
    WHERE rule IS NULL AND rowid NOT IN (SELECT row_id FROM duplicate_rows)
) TO {target} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (event_date), FILENAME_PATTERN {pattern}, OVERWRITE_OR_IGNORE);
