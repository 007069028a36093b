-- Names: qualified columns, alias.*, keywords used as column names,
-- quoted identifiers in both styles, system columns.

SELECT
    t.*,
    i.name,
    trades.price,
    t.timestamp,
    timestamp,
    value,
    key,
    status,
    count,
    date,
    window,
    metrics,
    properties,
    type,
    size,
    position,
    data,
    "Order Id",
    "select",
    `from`,
    `MixedCase`,
    t."quoted col",
    MixedCase AS KeepsSpelling,
    _timestamp,
    _offset,
    _partition,
    _key,
    _topic,
    _event_time
FROM trades t
JOIN instruments i ON t.symbol = i.symbol
WHERE t.value > 0 AND key IS NOT NULL AND "Order Id" <> '' AND status = 'open';

SELECT value AS "Value", key AS `Key`, count + 1 AS count_plus FROM kv;

SELECT timestamp, date, value FROM readings WHERE timestamp > TIMESTAMP '2024-01-01 00:00:00';
