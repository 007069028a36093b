-- Filters, projections and the expressions of a stateless job.
CREATE STREAM orders (
    id INTEGER NOT NULL,
    customer STRING,
    region STRING,
    amount DECIMAL(10,2),
    qty INTEGER,
    price DOUBLE,
    placed TIMESTAMP,
    note STRING
) WITH (
    'orders.type' = 'file_source',
    'orders.path' = 'orders.csv'
);

CREATE STREAM picked AS
SELECT id,
       UPPER(customer) AS who,
       qty * price AS line_total,
       amount * 1.1 AS with_tax,
       amount / 3 AS third,
       CASE WHEN qty > 10 THEN 'bulk' WHEN qty > 1 THEN 'multi' ELSE 'single' END AS size,
       COALESCE(note, 'none') AS note,
       CAST(qty AS STRING) || ' items' AS label,
       placed + INTERVAL '1' DAY AS due,
       region IN ('EU', 'UK') AS europe
FROM orders
WHERE region <> 'test'
  AND qty BETWEEN 1 AND 100
  AND customer LIKE 'a%'
  AND amount * qty > 10
WITH (
    'picked.type' = 'file_sink',
    'picked.path' = 'out/picked.csv'
);
