-- Every join kind, aliases with and without AS, chains, interval joins.

SELECT t.symbol, i.name FROM trades t JOIN instruments i ON t.symbol = i.symbol;
SELECT t.symbol, i.name FROM trades AS t INNER JOIN instruments AS i ON t.symbol = i.symbol;
SELECT t.symbol, i.name FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol;
SELECT t.symbol, i.name FROM trades t LEFT OUTER JOIN instruments i ON t.symbol = i.symbol;
SELECT t.symbol, i.name FROM trades t RIGHT JOIN instruments i ON t.symbol = i.symbol;
SELECT t.symbol, i.name FROM trades t RIGHT OUTER JOIN instruments i ON t.symbol = i.symbol;
SELECT t.symbol, i.name FROM trades t FULL JOIN instruments i ON t.symbol = i.symbol;
SELECT t.symbol, i.name FROM trades t FULL OUTER JOIN instruments i ON t.symbol = i.symbol;

-- several joins chain left to right; ON with a non-key condition
SELECT o.id, c.name, p.title, o.qty * p.price AS total
FROM orders o
JOIN customers c ON o.customer_id = c.id
LEFT JOIN products p ON o.product_id = p.id AND p.active = TRUE
WHERE c.country = 'NL';

-- stream-stream interval join
SELECT o.id, s.shipped_at
FROM orders o
INNER JOIN shipments s
    ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;

SELECT o.id, s.shipped_at
FROM orders o
LEFT JOIN shipments s
    ON o.id = s.order_id AND s.ts >= o.ts AND s.ts <= o.ts + INTERVAL 24 HOURS;

-- join against a subquery
SELECT t.symbol, x.avg_price
FROM trades t
JOIN (SELECT symbol, AVG(price) AS avg_price FROM trades GROUP BY symbol) AS x ON t.symbol = x.symbol;
