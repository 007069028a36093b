-- Every clause of SELECT, in the canonical order and with WINDOW and EMIT
-- in the other places the dialect allows.

SELECT DISTINCT symbol, exchange FROM trades;

SELECT
    t.*,
    price * qty AS notional,
    price cost,
    symbol AS sym PRIMARY KEY,
    exchange PRIMARY KEY
FROM trades AS t
WHERE qty > 0
ORDER BY notional DESC, symbol ASC, exchange, venue DESC NULLS LAST, sym NULLS FIRST
LIMIT 10;

SELECT symbol, exchange, COUNT(*) AS n, AVG(price) AS avg_price
FROM trades t
WHERE price IS NOT NULL
GROUP BY symbol, exchange
HAVING COUNT(*) > 2 AND AVG(price) > 10
WINDOW TUMBLING(1m)
ORDER BY n DESC
LIMIT 100
EMIT FINAL;

-- WINDOW before GROUP BY
SELECT symbol, SUM(qty) AS volume
FROM trades
WINDOW TUMBLING(5m)
GROUP BY symbol
HAVING SUM(qty) > 10;

-- EMIT between the clauses is moved to the query
SELECT symbol, COUNT(*) AS n
FROM trades
GROUP BY symbol
EMIT CHANGES
HAVING COUNT(*) > 1
WITH ('trades.type' = 'file_source');

-- WITH may come before EMIT
SELECT symbol FROM trades WITH ('trades.type' = 'file_source') EMIT CHANGES;

SELECT * FROM trades LIMIT 5;
