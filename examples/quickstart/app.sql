-- SQL Application: quickstart
-- Version: 0.2.0
-- Description: Big orders from a CSV file, and the biggest of them as alerts on stdout

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
SELECT order_id, customer, product, quantity * price AS total, ordered_at
FROM orders
WHERE quantity * price > 100
WITH (
    'big_orders.type' = 'file_sink',
    'big_orders.path' = 'out/big_orders.csv'
);

-- @name: alerts
-- @description: Orders of 300 or more, read from big_orders in process, as JSON lines on stdout
CREATE STREAM alerts AS
SELECT order_id,
       UPPER(customer) AS customer,
       total,
       CASE WHEN total >= 1000 THEN 'call' ELSE 'email' END AS action
FROM big_orders
WHERE total >= 300
WITH (
    'alerts.type' = 'stdout_sink'
);
