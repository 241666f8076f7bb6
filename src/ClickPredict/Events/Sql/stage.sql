-- One pass over a source file: parse every canonical field and name the first rule the row breaks.
-- rowid of `staged` is the row's position in the file: CTAS keeps insertion order.
-- The {placeholders} are expressions built from the mapping with quoted identifiers; every value
-- ($min_time, $max_time, the vocabulary) is a parameter.
CREATE TABLE staged AS
WITH parsed AS (
    SELECT
        {event_time_raw} AS event_time_raw,
        {event_time_parsed} AS event_time,
        {user_id} AS user_id,
        {session_id} AS session_id,
        {event_type_raw} AS event_type_raw,
        {event_type_parsed} AS event_type,
        {item_id} AS item_id,
        {category} AS category,
        {brand} AS brand,
        {price_raw} AS price_raw,
        {price_parsed} AS price,
        {raw_struct} AS raw
    FROM {reader}
), ruled AS (
    SELECT
        *,
        CASE
            WHEN event_time_raw IS NULL THEN 'missing_field:event_time'
            WHEN item_id IS NULL THEN 'missing_field:item_id'
            WHEN user_id IS NULL THEN 'missing_field:user_id'
            WHEN event_type_raw IS NULL THEN 'missing_field:event_type'
            WHEN event_time IS NULL THEN 'unparseable_value:event_time'
            WHEN price_raw IS NOT NULL AND price IS NULL THEN 'unparseable_value:price'
            WHEN event_time < $min_time OR event_time > $max_time THEN 'time_out_of_window:event_time'
            WHEN event_type IS NULL THEN 'unknown_event_type:event_type'
            WHEN NOT isfinite(price) OR price < 0 OR price > $max_price THEN 'invalid_price:price'
        END AS failure
    FROM parsed
)
SELECT
    event_time, user_id, session_id, event_type, item_id, category, brand, price,
    split_part(failure, ':', 1) AS rule,
    CASE split_part(failure, ':', 2)
        WHEN 'event_time' THEN {event_time_column}
        WHEN 'item_id' THEN {item_id_column}
        WHEN 'user_id' THEN {user_id_column}
        WHEN 'event_type' THEN {event_type_column}
        WHEN 'price' THEN {price_column}
    END AS bad_column,
    CASE split_part(failure, ':', 2)
        WHEN 'event_time' THEN CAST(event_time_raw AS VARCHAR)
        WHEN 'event_type' THEN event_type_raw
        WHEN 'price' THEN CAST(price_raw AS VARCHAR)
    END AS bad_value,
    -- The raw record is serialized only for failing rows: CASE evaluates THEN on the rows it selects.
    CASE WHEN failure IS NOT NULL THEN CAST(to_json(raw) AS VARCHAR) END AS raw_record,
    CASE WHEN failure IS NULL THEN hash(event_time, user_id, session_id, event_type, item_id, category, brand, price) END AS row_hash
FROM ruled;
