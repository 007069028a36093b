-- One job reads another's output in process; constants fold at compile time.
CREATE STREAM events (id INTEGER NOT NULL, kind STRING, score DOUBLE) WITH (
    'events.type' = 'file_source',
    'events.path' = 'events.jsonl'
);

CREATE STREAM scored AS
SELECT id, kind, score * (2 + 3) AS boosted, 1 = 1 AS always
FROM events
WHERE score > 0.5 * 2
WITH (
    'scored.type' = 'file_sink',
    'scored.path' = 'out/scored.jsonl'
);

-- @name: top_scores
CREATE STREAM top AS
SELECT id, boosted
FROM scored
WHERE boosted >= 50 AND kind IS NOT NULL
LIMIT 10
WITH (
    'top.type' = 'file_sink',
    'top.path' = 'out/top.csv',
    'top_scores.error.policy' = 'fail'
);

SELECT id FROM scored WHERE TRUE;
