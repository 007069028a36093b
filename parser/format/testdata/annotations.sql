-- SQL Application: trading_analytics
-- Version: 1.2.0
-- @job_mode: adaptive

-- @num_partitions: 4
-- a plain comment in the file header


-- Name: market_data_ingest
-- @description: Raw trades with a price
-- @metric: trades_total
-- @metric_type: counter
-- @metric_labels: symbol, exchange
-- @metric_condition: price > 100 AND symbol <> 'TEST'
CREATE STREAM market_data AS SELECT symbol, exchange, price FROM trades WHERE price IS NOT NULL
WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'market_data.type' = 'file_sink', 'market_data.path' = 'out/market.csv');
-- @name: volume_job

-- @batch_size: 100
CREATE TABLE volume AS SELECT symbol, SUM(price) AS volume FROM market_data GROUP BY symbol;
-- @name: third

SELECT symbol FROM volume; -- @name: trailing comments are not annotations
