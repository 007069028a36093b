-- SQL Application: payments
-- Version: 1.0.0
-- Description: Flag suspicious card payments; embedded in a Go program with veloc gen

CREATE STREAM payments (
    id INTEGER NOT NULL,
    card STRING NOT NULL,
    country STRING,
    amount DECIMAL(12,2) NOT NULL,
    currency STRING,
    at TIMESTAMP
) WITH (
    'payments.type' = 'file_source',
    'payments.path' = 'payments.jsonl'
);

-- @name: flagged
-- @description: Large payments, and any payment from outside the card's home region
CREATE STREAM flagged AS
SELECT id,
       card,
       amount,
       CASE WHEN amount >= 5000 THEN 'large' ELSE 'foreign' END AS reason,
       at
FROM payments
WHERE amount >= 5000 OR country NOT IN ('DE', 'FR', 'NL')
WITH (
    'flagged.type' = 'stdout_sink'
);
