-- SQL Application: bench_window_over
-- Description: The window benchmark, a moving AVG over the last 100 rows of each symbol (OVER) (codegen/bench/window):
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

-- @name: moving_avg
-- One output row per input row.
CREATE STREAM moving_avg AS
SELECT symbol, ts, price,
       AVG(price) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol) AS avg100
FROM trades
WITH (
    'moving_avg.type' = 'stdout_sink',
    'moving_avg.format' = 'csv'
);
