-- SQL Application: bench_stateless_csv
-- Description: The stateless benchmark over CSV: a filter and a projection
-- reading 4 of the 8 columns of each trade (codegen/bench/stateless).

CREATE STREAM trades (
    symbol STRING,
    price FLOAT,
    quantity INTEGER,
    side STRING,
    venue STRING,
    trader STRING,
    ts BIGINT,
    flags INTEGER
) WITH (
    'trades.type' = 'file_source',
    'trades.path' = 'trades.csv',
    'trades.format' = 'csv'
);

-- @name: big_trades
-- The sink is stdout, which the benchmark points at io.Discard, as it does the
-- dynamic evaluator's output: both sides pay for encoding, neither for I/O.
CREATE STREAM big_trades AS
SELECT symbol, price * quantity AS notional, UPPER(side) AS side
FROM trades
WHERE price > 100 AND quantity >= 10
WITH (
    'big_trades.type' = 'stdout_sink',
    'big_trades.format' = 'csv'
);
