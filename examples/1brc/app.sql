-- SQL Application: one_billion_rows
-- Version: 1.0.0
-- Description: The One Billion Row Challenge: min, mean and max temperature per weather station

-- Input lines look like "Hamburg;12.0": a station name and a temperature with
-- one decimal. DECIMAL(3,1) keeps the sums exact (the mean is exact too).
CREATE STREAM measurements (
    station STRING NOT NULL,
    temperature DECIMAL(3,1) NOT NULL
) WITH (
    'measurements.type' = 'file_source',
    'measurements.path' = 'measurements.txt',
    'measurements.format' = 'csv',
    'measurements.delimiter' = ';',
    'measurements.has_headers' = 'false'
);

-- @name: station_stats
-- @description: One row per station, in name order; every core reads part of the file
CREATE STREAM station_stats AS
SELECT station,
       MIN(temperature) AS min,
       ROUND(AVG(temperature), 1) AS mean,
       MAX(temperature) AS max
FROM measurements
GROUP BY station
ORDER BY station
EMIT FINAL
WITH (
    'station_stats.type' = 'file_sink',
    'station_stats.path' = 'station_stats.csv'
);
