-- SQL Application: bench_join_enrich
-- Description: The join benchmark, stream–table enrichment (codegen/bench/join):
-- CSV orders enriched with a 100,000-row customer table by a hash lookup on its key.

CREATE TABLE customers (
    id STRING,
    name STRING,
    tier STRING,
    credit FLOAT,
    PRIMARY KEY (id)
) WITH (
    'customers.type' = 'file_source',
    'customers.path' = 'customers.csv'
);

CREATE STREAM orders (
    oid INTEGER,
    cid STRING,
    amount FLOAT
) WITH (
    'orders.type' = 'file_source',
    'orders.path' = 'orders.csv'
);

-- @name: enriched
-- The sink is stdout, which the benchmark points at io.Discard, as it does the
-- dynamic evaluator's output.
CREATE STREAM enriched AS
SELECT o.oid, o.cid, c.name, c.tier, o.amount, c.credit - o.amount AS headroom
FROM orders o
LEFT JOIN customers c ON c.id = o.cid
WITH (
    'enriched.type' = 'stdout_sink',
    'enriched.format' = 'csv'
);
