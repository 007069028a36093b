-- SQL Application: quickstart
-- Version: 0.1.0
-- Description: Big orders, and revenue per product per minute, from a CSV file

-- The source: a CSV file with a declared schema. Prices are exact decimals.
CREATE STREAM orders (
    order_id INTEGER NOT NULL,
    customer STRING,
    product STRING,
    quantity INTEGER,
    price DECIMAL(10,2),
    ordered_at TIMESTAMP
) WITH (
    'orders.type' = 'file_source',
    'orders.path' = 'orders.csv'
);

-- @name: big_orders
-- @description: Every order worth more than 100
CREATE STREAM big_orders AS
SELECT order_id, customer, product, quantity * price AS total
FROM orders
WHERE quantity * price > 100
WITH (
    'big_orders.type' = 'file_sink',
    'big_orders.path' = 'out/big_orders.csv'
);

-- @name: revenue_per_minute
-- @description: Orders and revenue per product in one-minute windows of order time
CREATE STREAM revenue_per_minute AS
SELECT _window_start AS minute, product, COUNT(*) AS order_count, SUM(quantity * price) AS revenue
FROM orders
GROUP BY product
WINDOW TUMBLING(ordered_at, INTERVAL '1' MINUTE)
EMIT FINAL
WITH (
    'revenue_per_minute.type' = 'file_sink',
    'revenue_per_minute.path' = 'out/revenue_per_minute.csv'
);
