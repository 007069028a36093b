-- SQL Application: trading
-- Version: 0.1.0
-- Description: Trades enriched from a reference table, per-minute bars per symbol with a
-- watermark and late trades dead-lettered, and each trade's price move (OVER)

-- Reference data: a table keyed by symbol, loaded before the trades are read.
CREATE TABLE instruments (
    symbol STRING,
    name STRING,
    sector STRING,
    PRIMARY KEY (symbol)
) WITH (
    'instruments.type' = 'file_source',
    'instruments.path' = 'instruments.csv'
);

-- The trades, with exact prices and event times.
CREATE STREAM trades (
    trade_id INTEGER NOT NULL,
    symbol STRING,
    price DECIMAL(12,4),
    qty INTEGER,
    ts TIMESTAMP
) WITH (
    'trades.type' = 'file_source',
    'trades.path' = 'trades.csv'
);

-- @name: enriched
-- @description: Every trade with its instrument (NULLs for an unknown symbol)
CREATE STREAM enriched AS
SELECT t.trade_id, t.symbol, i.name, i.sector, t.qty * t.price AS notional
FROM trades AS t
LEFT JOIN instruments AS i ON t.symbol = i.symbol
WITH (
    'enriched.type' = 'file_sink',
    'enriched.path' = 'out/enriched.csv'
);

-- @name: bars
-- @description: One-minute bars per symbol; a trade more than 10 s behind is late
CREATE STREAM bars AS
SELECT symbol,
       _window_start AS minute,
       COUNT(*) AS trades,
       SUM(qty) AS volume,
       MIN(price) AS low,
       MAX(price) AS high,
       SUM(qty * price) / SUM(qty) AS vwap
FROM trades
GROUP BY symbol
WINDOW TUMBLING(ts, INTERVAL '1' MINUTE)
WITH (
    'watermark.max_out_of_orderness' = '10s',
    'late.data.strategy' = 'dead_letter',
    'bars.error.policy' = 'dlq',
    'bars.dlq' = 'out/bars_rejected.jsonl',
    'bars.type' = 'file_sink',
    'bars.path' = 'out/bars.csv'
);

-- @name: moves
-- @description: Each trade's move from the symbol's previous trade, and a 3-trade average
CREATE STREAM moves AS
SELECT trade_id,
       symbol,
       price,
       price - LAG(price) OVER (PARTITION BY symbol ORDER BY ts) AS move,
       AVG(price) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS avg3,
       RANK() OVER (PARTITION BY symbol ORDER BY ts) AS nth
FROM trades
WHERE price IS NOT NULL
WITH (
    'moves.type' = 'file_sink',
    'moves.path' = 'out/moves.csv'
);
