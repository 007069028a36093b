-- Function calls and the special call syntaxes.

SELECT
    UPPER(name) AS up,
    lower(name) AS low,
    ROUND(price, 2) AS rounded,
    COALESCE(a, b, 'none') AS first_set,
    CONCAT(first_name, ' ', last_name) AS full_name,
    ABS(ROUND(price * -1, 0)) AS nested,
    NOW() AS now_call,
    CURRENT_TIMESTAMP AS now_kw,
    CURRENT_DATE AS today,
    CURRENT_TIMESTAMP() AS now_parens,
    EXTRACT(YEAR FROM ts) AS yr,
    EXTRACT(epoch FROM ts) AS epoch_s,
    EXTRACT(DOW FROM CAST(day_text AS DATE)) AS dow,
    SUBSTRING(name FROM 2 FOR 3) AS sub_from_for,
    SUBSTRING(name FROM 2) AS sub_from,
    SUBSTRING(name, 2, 3) AS sub_args,
    POSITION('@' IN email) AS at_pos,
    POSITION('@', email, 2) AS at_pos_args,
    TRIM(name) AS trimmed,
    TRIM(BOTH ' ' FROM name) AS trim_both,
    TRIM(LEADING '0' FROM code) AS trim_leading,
    TRIM(TRAILING FROM code) AS trim_trailing_ws,
    TRIM('x' FROM code) AS trim_chars,
    TRIM(FROM code) AS trim_from,
    tags[1] AS first_tag,
    SPLIT(path, '/')[2] AS second_part,
    matrix[i][j + 1] AS cell,
    JSON_VALUE(payload, '$.user.id') AS user_id,
    DATEDIFF(hour, start_ts, end_ts) AS hours,
    DATE_TRUNC('day', ts) AS day_start,
    HEADER('trace-id') AS trace,
    TIMESTAMP() AS record_ts,
    TIMESTAMP(ts_text) AS parsed_ts
FROM events;

SELECT
    symbol,
    COUNT(*) AS n,
    count(*) AS n_lower,
    COUNT(price) AS priced,
    COUNT(DISTINCT venue) AS venues,
    SUM(DISTINCT qty) AS distinct_qty,
    AVG(price) AS avg_price,
    PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
    PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY latency_ms DESC) AS p50,
    PERCENTILE_CONT(latency_ms, 0.99) AS p99,
    STRING_AGG(venue, ';') AS venue_list,
    STDDEV_POP(price) AS sd
FROM trades
GROUP BY symbol;
