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
-- @metric: large_order_amount
-- @metric_type: histogram
-- @metric_help: "Amount of the large orders, by channel"
-- @metric_labels: channel
-- @metric_field: amount
-- @metric_buckets: [100, 250, 500, 1000]
CREATE STREAM large_orders AS
SELECT customer PRIMARY KEY, order_id, amount, channel, HEADER('source') AS source
FROM orders
WHERE amount >= 100.00
WITH (
    'large_orders.type' = 'kafka_sink',
    'large_orders.topic' = 'large_orders',
    'large_orders.auto.create' = 'true'
);
