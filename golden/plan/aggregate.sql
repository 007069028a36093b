-- GROUP BY with every kind of aggregate state, EMIT CHANGES and EMIT FINAL
-- with ORDER BY, and a global aggregate.
CREATE STREAM trades (
    symbol STRING NOT NULL,
    venue STRING,
    qty INTEGER,
    price DOUBLE,
    amount DECIMAL(10,2),
    big DECIMAL(30,4),
    ts TIMESTAMP
) WITH (
    'trades.type' = 'file_source',
    'trades.path' = 'trades.jsonl'
);

CREATE STREAM per_symbol AS
SELECT symbol,
       venue,
       COUNT(*) AS n,
       COUNT(qty) AS n_qty,
       COUNT(DISTINCT venue) AS venues,
       SUM(qty) AS total_qty,
       SUM(amount) AS total_amount,
       SUM(big) AS total_big,
       AVG(price) AS avg_price,
       AVG(amount) AS avg_amount,
       MIN(price) AS low,
       MAX(venue) AS last_venue,
       FIRST(ts) AS first_ts,
       LAST(qty) AS last_qty,
       STRING_AGG(venue, '|') AS all_venues,
       STDDEV(price) AS sd,
       MEDIAN(qty) AS med,
       DELTA(amount) AS spread,
       APPROX_COUNT_DISTINCT(venue) AS approx_venues,
       SUM(qty) * 2 AS double_qty,
       SUM(DISTINCT amount) AS distinct_amount,
       AVG(DISTINCT price) AS distinct_price,
       AVG(DISTINCT qty) AS distinct_qty
FROM trades
WHERE price > 0
GROUP BY symbol, venue
HAVING COUNT(*) > 1 AND total_qty > 10
WITH (
    'per_symbol.type' = 'file_sink',
    'per_symbol.path' = 'per_symbol.csv'
);

CREATE STREAM ranked AS
SELECT symbol, SUM(amount) AS total, CORR(price, qty) AS r
FROM trades
GROUP BY symbol
ORDER BY total DESC, symbol
EMIT FINAL
WITH (
    'ranked.type' = 'stdout_sink'
);

SELECT COUNT(*) AS n, MAX(ts) AS latest FROM trades EMIT FINAL;
