-- SQL Application: bench_window_sliding
-- Description: The window benchmark, SLIDING 5-minute windows advancing by 1 minute, by symbol, with five aggregates (codegen/bench/window):
-- CSV trades of 100 symbols with event times in epoch milliseconds, mostly in order.

CREATE STREAM trades (
    symbol STRING,
    price FLOAT,
    qty INTEGER,
    ts INTEGER
) WITH (
    'trades.type' = 'file_source',
    'trades.path' = 'trades.csv',
    'trades.format' = 'csv'
);

-- @name: per_5min
-- Every record goes into five windows.
CREATE STREAM per_5min AS
SELECT symbol, _window_start, _window_end,
       COUNT(*) AS n,
       SUM(qty) AS total_qty,
       AVG(price) AS avg_price,
       MIN(price) AS low,
       MAX(price) AS high
FROM trades
GROUP BY symbol
WINDOW SLIDING(ts, INTERVAL '5' MINUTE, INTERVAL '1' MINUTE)
EMIT FINAL
WITH (
    'watermark.max_out_of_orderness' = '5s',
    'per_5min.type' = 'stdout_sink',
    'per_5min.format' = 'csv'
);
