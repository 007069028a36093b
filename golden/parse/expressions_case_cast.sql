-- CASE in both forms, CAST and TRY_CAST to every kind of type name.

SELECT
    CASE WHEN amount > 1000 THEN 'large' WHEN amount > 100 THEN 'medium' ELSE 'small' END AS size,
    CASE WHEN flag THEN 1 END AS no_else,
    CASE status WHEN 'A' THEN 'active' WHEN 'I' THEN 'inactive' ELSE 'unknown' END AS label,
    CASE tier + 1 WHEN 1 THEN 'one' END AS simple_no_else,
    CASE WHEN a IS NULL THEN CASE WHEN b > 0 THEN b ELSE 0 END ELSE a END AS nested
FROM accounts;

SELECT
    CAST(price AS DECIMAL(10, 2)) AS price_2dp,
    CAST(qty AS INTEGER) AS qty_int,
    CAST(qty AS BIGINT) AS qty_big,
    CAST(ratio AS DOUBLE) AS ratio_d,
    CAST(ratio AS FLOAT) AS ratio_f,
    CAST(id AS STRING) AS id_text,
    CAST(id AS VARCHAR(36)) AS id_varchar,
    CAST(id AS VARCHAR) AS id_varchar_any,
    CAST(flag AS BOOLEAN) AS flag_bool,
    CAST('2024-03-01T10:00:00Z' AS TIMESTAMP) AS ts,
    CAST(day_text AS DATE) AS day,
    CAST(amount AS DECIMAL) AS dec_default,
    TRY_CAST(raw AS INTEGER) AS maybe_int,
    TRY_CAST(raw AS DECIMAL(38, 10)) AS maybe_dec,
    try_cast(raw AS double) AS lower_case,
    CAST(tags AS ARRAY<STRING>) AS tag_list,
    CAST(attrs AS MAP<STRING, INTEGER>) AS attr_map,
    CAST(a AS BOOL) AS type_bool,
    CAST(a AS INT) AS type_int,
    CAST(a AS SMALLINT) AS type_smallint,
    CAST(a AS TINYINT) AS type_tinyint,
    CAST(a AS REAL) AS type_real,
    CAST(a AS NUMERIC(8, 3)) AS type_numeric,
    CAST(a AS TEXT) AS type_text,
    CAST(CAST(a AS STRING) AS INTEGER) + 1 AS nested_cast
FROM raw_events;
