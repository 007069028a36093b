-- WITH properties in both quote styles, dotted keys, ${VAR} values and
-- quotes inside values.
CREATE STREAM orders_out AS
SELECT * FROM orders
WITH (
    'orders.type' = 'kafka_source',
    "orders.topic" = "orders-v1",
    'orders.bootstrap.servers' = '${KAFKA_BROKERS:localhost:9092}',
    "orders.group.id" = 'orders-reader',
    'orders_out.type' = "file_sink",
    'orders_out.path' = 'out/it''s here.csv',
    'event.time.field' = 'created_at',
    'watermark.max_out_of_orderness' = '5s'
);
