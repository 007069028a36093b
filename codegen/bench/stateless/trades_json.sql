-- SQL Application: bench_stateless_json
-- Description: The stateless benchmark over JSON Lines: a filter and a projection
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
    'trades.path' = 'trades.jsonl',
    'trades.format' = 'jsonl'
);

-- @name: big_trades
CREATE STREAM big_trades AS
SELECT symbol, price * quantity AS notional, UPPER(side) AS side
FROM trades
WHERE price > 100 AND quantity >= 10
WITH (
    'big_trades.type' = 'stdout_sink',
    'big_trades.format' = 'jsonl'
);
