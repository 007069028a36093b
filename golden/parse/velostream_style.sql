-- SQL Application: financial_trading
-- Version: 2.0.0
-- Description: A file in the style of Velostream's demo applications

-- @name: price_alerts
-- @description: Price movements above 5% within a minute
-- @metric: price_alerts_total
-- @metric_type: counter
-- @metric_labels: symbol
CREATE STREAM price_alerts AS
SELECT
    symbol,
    price,
    LAG(price, 1) OVER (PARTITION BY symbol ORDER BY event_time) AS prev_price,
    (price - LAG(price, 1) OVER (PARTITION BY symbol ORDER BY event_time))
        / LAG(price, 1) OVER (PARTITION BY symbol ORDER BY event_time) * 100 AS change_pct,
    CASE
        WHEN ABS(price - LAG(price, 1) OVER (PARTITION BY symbol ORDER BY event_time)) > price * 0.05
            THEN 'SIGNIFICANT'
        ELSE 'NORMAL'
    END AS movement,
    _timestamp AS kafka_ts
FROM market_data
WHERE price > 0
EMIT CHANGES
WITH (
    'market_data.type' = 'kafka_source',
    'market_data.topic' = 'market_data',
    'market_data.bootstrap.servers' = '${KAFKA_BROKERS:localhost:9092}',
    'market_data.format' = 'json',
    'event.time.field' = 'event_time',
    'event.time.format' = 'epoch_millis',
    'watermark.strategy' = 'bounded_out_of_orderness',
    'watermark.max_out_of_orderness' = '5s',
    'late.data.strategy' = 'dead_letter',
    'price_alerts.type' = 'kafka_sink',
    'price_alerts.topic' = 'price_alerts',
    'price_alerts.delivery_profile' = 'low_latency'
);

-- @name: ohlc_1m
CREATE TABLE ohlc_1m AS
SELECT
    symbol PRIMARY KEY,
    _window_start AS bar_start,
    FIRST_VALUE(price) AS open_price,
    MAX(price) AS high_price,
    MIN(price) AS low_price,
    LAST_VALUE(price) AS close_price,
    SUM(volume) AS total_volume,
    COUNT(*) AS trade_count
FROM market_data
GROUP BY symbol
WINDOW TUMBLING(event_time, INTERVAL '1' MINUTE)
EMIT FINAL
WITH (
    'ohlc_1m.type' = 'file_sink',
    'ohlc_1m.path' = 'out/ohlc.csv'
);
