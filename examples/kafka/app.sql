-- SQL Application: kafka_demo
-- Version: 1.0.0
-- Description: Large orders from one Kafka topic to another, keyed by customer

CREATE STREAM orders (
    order_id INTEGER NOT NULL,
    customer STRING,
    amount DECIMAL(10,2),
    channel STRING
) WITH (
    'orders.type' = 'kafka_source',
    'orders.topic' = 'orders'
);

-- @name: large_orders
CREATE STREAM large_orders AS
SELECT customer PRIMARY KEY, order_id, amount, HEADER('source') AS source
FROM orders
WHERE amount >= 100.00
WITH (
    'large_orders.type' = 'kafka_sink',
    'large_orders.topic' = 'large_orders',
    'large_orders.auto.create' = 'true'
);
