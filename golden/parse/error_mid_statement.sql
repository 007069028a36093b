CREATE STREAM picked AS
SELECT id, amount
FROM orders
WHERE amount > 10 AND AND status = 'open'
WITH ('orders.type' = 'file_source');
