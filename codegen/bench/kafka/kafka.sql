-- SQL Application: bench_kafka
-- Description: The Kafka benchmark: a filter and a projection between two topics
-- of an in-process broker, on 200-byte JSON trades (codegen/bench/kafka).

CREATE STREAM trades (
    order_id INTEGER,
    symbol STRING,
    side STRING,
    price FLOAT,
    quantity INTEGER,
    venue STRING,
    trader STRING,
    sent_ns INTEGER,
    note STRING
) WITH (
    'trades.type' = 'kafka_source',
    'trades.topic' = 'trades_in',
    'trades.group.id' = 'bench'
);

-- @name: big_trades
CREATE STREAM big_trades AS
SELECT order_id, symbol, price * quantity AS notional, UPPER(side) AS side, sent_ns
FROM trades
WHERE price > 100
WITH (
    'big_trades.type' = 'kafka_sink',
    'big_trades.topic' = 'big_trades',
    'big_trades.linger.ms' = '5'
);
