-- Joins and subqueries: a key lookup, an index, a scan, subqueries and an interval join.
CREATE TABLE customers (
    id STRING,
    name STRING,
    region STRING,
    PRIMARY KEY (id)
) WITH ('customers.type' = 'file_source', 'customers.path' = 'customers.csv');

CREATE TABLE rates (
    rate_id INTEGER,
    region STRING,
    lo DECIMAL(10,2),
    hi DECIMAL(10,2),
    fee DECIMAL(10,2),
    PRIMARY KEY (rate_id)
) WITH ('rates.type' = 'file_source', 'rates.path' = 'rates.csv');

CREATE TABLE devices (
    id STRING,
    zone STRING,
    PRIMARY KEY (id)
) WITH ('devices.type' = 'kafka_source', 'devices.topic' = 'devices');

CREATE STREAM orders (
    id INTEGER,
    customer STRING,
    amount DECIMAL(10,2),
    ts TIMESTAMP
) WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv');

CREATE STREAM payments (
    order_id INTEGER,
    paid DECIMAL(10,2),
    ts TIMESTAMP
) WITH ('payments.type' = 'file_source', 'payments.path' = 'payments.csv');

CREATE TABLE totals AS
SELECT customer, COUNT(*) AS n
FROM orders
GROUP BY customer
WITH ('totals.type' = 'file_sink', 'totals.path' = 'totals.csv');

CREATE STREAM priced AS
SELECT o.id AS order_id, c.*, r.fee, t.n, dv.id AS device,
       (SELECT MAX_FEE.fee FROM rates MAX_FEE WHERE MAX_FEE.rate_id = 1) AS base_fee
FROM orders o
JOIN customers c ON o.customer = c.id
LEFT JOIN rates r ON r.region = c.region AND o.amount >= r.lo AND o.amount < r.hi
LEFT JOIN totals t ON t.customer = o.customer
LEFT JOIN devices dv ON dv.zone = c.region
WHERE o.customer IN (SELECT id FROM customers WHERE region <> 'XX')
  AND NOT EXISTS (SELECT 1 FROM rates x WHERE o.amount > x.hi * 100)
WITH ('priced.type' = 'file_sink', 'priced.path' = 'priced.csv');

CREATE STREAM settled AS
SELECT o.id, o.amount, p.paid, o.ts AS ordered_at, p.ts AS paid_at
FROM orders o
FULL JOIN payments p
  ON p.order_id = o.id
 AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR
WITH ('event.time.field' = 'ts', 'settled.type' = 'file_sink', 'settled.path' = 'settled.csv');

CREATE STREAM by_region AS
SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS total
FROM orders o
JOIN customers c ON c.id = o.customer
GROUP BY c.region
WITH ('by_region.type' = 'file_sink', 'by_region.path' = 'by_region.csv');
