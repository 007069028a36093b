-- Every statement form of the dialect, with and without EMIT and WITH.

CREATE STREAM trades (
    symbol STRING NOT NULL,
    price DECIMAL(12, 4),
    qty INTEGER,
    venue VARCHAR(20),
    ratio DOUBLE,
    big BIGINT,
    flag BOOLEAN,
    tags ARRAY<STRING>,
    attrs MAP<STRING, INTEGER>,
    ts TIMESTAMP NOT NULL,
    day DATE
) WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv');

CREATE TABLE instruments (
    symbol STRING NOT NULL,
    exchange STRING,
    name STRING,
    PRIMARY KEY (symbol, exchange)
) WITH ('instruments.type' = 'file_source', 'instruments.path' = 'instruments.csv');

CREATE OR REPLACE STREAM instruments_v2 (id INTEGER) WITH ('instruments_v2.type' = 'file_source');

CREATE STREAM big_trades AS
SELECT symbol, price, qty FROM trades WHERE qty > 1000
WITH ('big_trades.type' = 'file_sink', 'big_trades.path' = 'out/big.csv');

CREATE OR REPLACE STREAM big_trades_changes AS
SELECT symbol, price FROM trades
EMIT CHANGES;

CREATE TABLE volume_by_symbol AS
SELECT symbol, SUM(qty) AS volume FROM trades GROUP BY symbol
EMIT FINAL
WITH ('volume_by_symbol.type' = 'file_sink', 'volume_by_symbol.path' = 'out/volume.csv');

CREATE OR REPLACE TABLE latest_price AS
SELECT symbol PRIMARY KEY, LAST(price) AS price FROM trades GROUP BY symbol;

INSERT INTO big_trades
SELECT symbol, price, qty FROM trades WHERE price > 500
WITH ('trades.type' = 'file_source', 'trades.path' = 'more.csv');

INSERT INTO big_trades SELECT * FROM trades EMIT CHANGES;

SELECT symbol, price FROM trades;

SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol EMIT FINAL;

-- the last statement may omit its semicolon
select symbol from trades
