-- SQL Application: bench_groupby_changes
-- Description: The GROUP BY benchmark, EMIT CHANGES: five aggregates per symbol over
-- CSV trades (codegen/bench/groupby). The number of groups is a property of the
-- data: the benchmark runs it on trades of 100 and of 100,000 symbols.

CREATE STREAM trades (
    symbol STRING,
    price FLOAT,
    qty INTEGER,
    venue STRING
) WITH (
    'trades.type' = 'file_source',
    'trades.path' = 'trades.csv',
    'trades.format' = 'csv'
);

-- @name: by_symbol
-- The sink is stdout, which the benchmark points at io.Discard, as it does the
-- dynamic evaluator's output: both sides pay for encoding, neither for I/O.
CREATE TABLE by_symbol AS
SELECT symbol,
       COUNT(*) AS n,
       SUM(qty) AS total_qty,
       AVG(price) AS avg_price,
       MIN(price) AS low,
       MAX(price) AS high
FROM trades
GROUP BY symbol
EMIT CHANGES
WITH (
    'by_symbol.type' = 'stdout_sink',
    'by_symbol.format' = 'csv'
);
