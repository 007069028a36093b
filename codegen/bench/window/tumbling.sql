-- SQL Application: bench_window_tumbling
-- Description: The window benchmark, TUMBLING 1-minute windows by symbol with five aggregates (codegen/bench/window):
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

-- @name: per_minute
-- The sink is stdout, which the benchmark points at io.Discard, as it does the
-- dynamic evaluator's output.
CREATE STREAM per_minute AS
SELECT symbol, _window_start,
       COUNT(*) AS n,
       SUM(qty) AS total_qty,
       AVG(price) AS avg_price,
       MIN(price) AS low,
       MAX(price) AS high
FROM trades
GROUP BY symbol
WINDOW TUMBLING(ts, INTERVAL '1' MINUTE)
EMIT FINAL
WITH (
    'watermark.max_out_of_orderness' = '5s',
    'per_minute.type' = 'stdout_sink',
    'per_minute.format' = 'csv'
);
