-- Subqueries: in FROM, IN list and IN subquery, EXISTS, scalar.

SELECT s.symbol, s.n
FROM (SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol) AS s
WHERE s.n > 10;

SELECT symbol FROM (SELECT symbol, price FROM trades WHERE price > 0) recent;

SELECT id FROM orders WHERE status IN ('open', 'pending', 'held');
SELECT id FROM orders WHERE priority NOT IN (1, 2, 3);
SELECT id FROM orders WHERE (a + 1) IN (b, c * 2);
SELECT id FROM orders WHERE customer_id IN (SELECT id FROM vip_customers WHERE tier = 'gold');
SELECT id FROM orders WHERE customer_id NOT IN (SELECT id FROM blocked);

SELECT o.id
FROM orders o
WHERE EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.amount >= o.total);

SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT * FROM refunds r WHERE r.order_id = o.id);

SELECT
    id,
    (SELECT rate FROM fx_rates WHERE currency = 'EUR') AS eur_rate,
    amount * (SELECT MAX(rate) FROM fx_rates) AS worst_case
FROM orders
WHERE amount > (SELECT AVG(limit_amount) FROM limits);
