-- Row windows: OVER with buffer, partition, order, frames and EMIT.

SELECT
    symbol,
    price,
    LAG(price) OVER (PARTITION BY symbol ORDER BY ts) AS prev_price,
    LAG(price, 2, 0) OVER (PARTITION BY symbol ORDER BY ts ASC) AS prev2,
    LEAD(price, 1) OVER (PARTITION BY symbol, exchange ORDER BY ts DESC, seq) AS next_price,
    ROW_NUMBER() OVER (PARTITION BY symbol) AS rn,
    RANK() OVER (ORDER BY price) AS rnk,
    COUNT(*) OVER () AS seen
FROM trades;

SELECT
    symbol,
    AVG(price) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY ts) AS avg100,
    SUM(qty) OVER (ROWS WINDOW BUFFER 10 ROWS) AS sum10,
    MIN(price) OVER (PARTITION BY symbol ORDER BY ts
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_min,
    MAX(price) OVER (PARTITION BY symbol ORDER BY ts
                     ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS max5,
    AVG(price) OVER (ORDER BY ts ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS centred,
    SUM(qty) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest,
    SUM(qty) OVER (ORDER BY ts ROWS 3 PRECEDING) AS short_frame,
    SUM(qty) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING) AS short_unbounded,
    AVG(price) OVER (PARTITION BY symbol ORDER BY ts
                     RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW) AS day_avg,
    FIRST_VALUE(price) OVER (PARTITION BY symbol ORDER BY ts EMIT CHANGES) AS first_price,
    LAST_VALUE(price) OVER (PARTITION BY symbol ORDER BY ts
                            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EMIT FINAL) AS last_price,
    NTH_VALUE(price, 2) OVER (PARTITION BY symbol) AS second,
    NTILE(4) OVER (ORDER BY price) AS quartile,
    STDDEV(price) OVER (PARTITION BY symbol ROWS WINDOW BUFFER 20 ROWS) AS vol
FROM trades;
