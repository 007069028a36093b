-- Windowed aggregation: TUMBLING with EMIT CHANGES, SLIDING with ORDER BY,
-- SESSION, and an event time read from a string field.
CREATE STREAM clicks (
    page STRING,
    user_id STRING,
    ms INTEGER,
    at STRING,
    ts TIMESTAMP
) WITH (
    'clicks.type' = 'file_source',
    'clicks.path' = 'clicks.jsonl'
);

CREATE STREAM per_minute AS
SELECT page, _window_start, COUNT(*) AS n, COUNT(DISTINCT user_id) AS users
FROM clicks
GROUP BY page
WINDOW TUMBLING(ts, 1m)
EMIT CHANGES
WITH (
    'per_minute.type' = 'stdout_sink'
);

CREATE STREAM sliding AS
SELECT page, _window_start, _window_end, SUM(ms) AS total
FROM clicks
GROUP BY page
WINDOW SLIDING(ts, INTERVAL '10' MINUTE, INTERVAL '5' MINUTE)
ORDER BY total DESC
WITH (
    'watermark.max_out_of_orderness' = '10s',
    'late.data.allowed_lateness' = '5s',
    'sliding.type' = 'stdout_sink'
);

CREATE STREAM sessions AS
SELECT user_id, _window_start, _window_end, COUNT(*) AS events, MAX(ms) AS longest
FROM clicks
GROUP BY user_id
WINDOW SESSION(at, INTERVAL '5' MINUTE)
WITH (
    'sessions.type' = 'stdout_sink'
);
