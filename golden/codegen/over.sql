-- Row windows: LAG and LEAD with defaults, ROW_NUMBER, running and
-- bounded aggregates, FIRST_VALUE over a buffer.
CREATE STREAM ticks (
    symbol STRING,
    seq INTEGER,
    price DOUBLE,
    qty INTEGER
) WITH (
    'ticks.type' = 'file_source',
    'ticks.path' = 'ticks.csv'
);

CREATE STREAM enriched AS
SELECT symbol, seq, price,
       LAG(price) OVER (PARTITION BY symbol ORDER BY seq) AS prev,
       LAG(qty, 2, 0) OVER (PARTITION BY symbol ORDER BY seq) AS qty2,
       LEAD(price, 1, -1.0) OVER (PARTITION BY symbol ORDER BY seq) AS next,
       ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY seq) AS n,
       SUM(qty) OVER (PARTITION BY symbol ORDER BY seq) AS running_qty,
       AVG(price) OVER (ROWS WINDOW BUFFER 5 ROWS PARTITION BY symbol) AS avg5,
       MIN(price) OVER (PARTITION BY symbol ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS min3,
       COUNT(*) OVER (ROWS WINDOW BUFFER 5 ROWS PARTITION BY symbol) AS n5,
       FIRST_VALUE(price) OVER (ROWS WINDOW BUFFER 5 ROWS PARTITION BY symbol) AS first5,
       price - LAG(price) OVER (PARTITION BY symbol) AS change
FROM ticks
WITH (
    'enriched.type' = 'stdout_sink'
);
