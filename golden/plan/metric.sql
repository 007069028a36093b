-- @metric annotations: a labelled counter with a condition that can fail
-- (division), a gauge of a nullable DECIMAL, and a histogram with buckets,
-- on an aggregating job (rows are written by its write method).
-- @app: metrics_golden
-- @deployment.region: ${REGION:eu-west-1}
CREATE STREAM orders (
    id INTEGER NOT NULL,
    customer STRING,
    qty INTEGER,
    price DOUBLE,
    amount DECIMAL(10,2)
) WITH (
    'orders.type' = 'file_source',
    'orders.path' = 'orders.csv'
);

-- @metric: orders_big_total
-- @metric_help: "Orders worth more than 100 per item"
-- @metric_labels: customer, qty
-- @metric_condition: price / qty > 100
-- @metric: orders_last_amount
-- @metric_type: gauge
-- @metric_field: amount
CREATE STREAM picked AS
SELECT id, customer, qty, price, amount FROM orders
WITH ('picked.type' = 'file_sink', 'picked.path' = 'out/picked.csv');

-- @metric: customer_total_qty
-- @metric_type: histogram
-- @metric_field: total
-- @metric_labels: customer
-- @metric_buckets: [1, 10, 100]
CREATE TABLE per_customer AS
SELECT customer, SUM(qty) AS total FROM orders GROUP BY customer EMIT CHANGES
WITH ('per_customer.type' = 'file_sink', 'per_customer.path' = 'out/per_customer.csv');
