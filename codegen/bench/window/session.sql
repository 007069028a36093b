-- SQL Application: bench_window_session
-- Description: The window benchmark, SESSION windows by symbol with a 3-second gap, with five aggregates (codegen/bench/window):
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

-- @name: sessions
-- A symbol trades about once a second: a 3-second gap ends a session every 30
-- records or so.
CREATE STREAM sessions AS
SELECT symbol, _window_start, _window_end,
       COUNT(*) AS n,
       SUM(qty) AS total_qty,
       AVG(price) AS avg_price,
       MIN(price) AS low,
       MAX(price) AS high
FROM trades
GROUP BY symbol
WINDOW SESSION(ts, INTERVAL '3' SECOND)
EMIT FINAL
WITH (
    'watermark.max_out_of_orderness' = '5s',
    'sessions.type' = 'stdout_sink',
    'sessions.format' = 'csv'
);
