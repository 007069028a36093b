-- SQL Application: bench_join_interval
-- Description: The join benchmark, an interval join of two CSV streams (codegen/bench/join):
-- clicks and views by user, a click matching the views of the second before it.

CREATE STREAM views (
    vid INTEGER,
    uid STRING,
    ts TIMESTAMP
) WITH (
    'views.type' = 'file_source',
    'views.path' = 'views.csv'
);

CREATE STREAM clicks (
    cid INTEGER,
    uid STRING,
    ts TIMESTAMP
) WITH (
    'clicks.type' = 'file_source',
    'clicks.path' = 'clicks.csv'
);

-- @name: attributed
CREATE STREAM attributed AS
SELECT v.vid, c.cid, v.uid
FROM views v
JOIN clicks c ON c.uid = v.uid AND c.ts BETWEEN v.ts AND v.ts + INTERVAL '1' SECOND
WITH (
    'attributed.type' = 'stdout_sink',
    'attributed.format' = 'csv'
);
