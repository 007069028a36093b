-- SQL Application: trading_analytics
-- Version: 1.2.0
-- Description: Real-time trading analytics over market data
-- @deployment.region: ${REGION:eu-west-1}
-- @deployment.node_id: ${HOSTNAME:local}
-- @observability.metrics.enabled: true
-- @job_mode: adaptive
-- @batch_size: 500
-- @num_partitions: 4
-- @partitioning_strategy: hash
-- @some_unknown_key: kept and ignored

-- Name: market_data_ingest
-- @description: Raw trades with a price, for downstream jobs
-- @job_mode: transactional
-- @parallelism: 2
-- @data.source: trades
-- @data.price.type: decimal(4)
-- @data.qty.type: integer
-- @metric: trades_total
-- @metric_type: counter
-- @metric_help: "Trades seen, by symbol and exchange"
-- @metric_labels: symbol, exchange
-- @metric: big_trade_price
-- @metric_type: histogram
-- @metric_help: "Price of trades above 100"
-- @metric_field: price
-- @metric_labels: symbol
-- @metric_condition: price > 100 AND symbol <> 'TEST'
-- @metric_buckets: [0.1, 0.5, 1, 5]
CREATE STREAM market_data AS
SELECT symbol, exchange, price, qty FROM trades WHERE price IS NOT NULL
EMIT CHANGES
WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv',
      'market_data.type' = 'file_sink', 'market_data.path' = 'out/market.csv');

-- @name: volume_job
-- @batch_size: 100
-- @metric: volume_gauge
-- @metric_type: gauge
-- @metric_field: volume
-- @metric_condition: volume >= 10 OR symbol IN ('AAPL', 'MSFT')
CREATE TABLE volume AS
SELECT symbol, SUM(qty) AS volume FROM market_data GROUP BY symbol;

-- A plain comment between statements is not an annotation.
-- @name: third
SELECT symbol FROM market_data;

SELECT symbol FROM volume; -- @name: trailing comments are not annotations
