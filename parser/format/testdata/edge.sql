-- Odd comment placements and lexical hazards.
SELECT - /* glued */ a AS m1, - -- line comment after a minus
    b AS m2, - - c AS m3, d - -1 AS m4, (/* first in parens */ e) AS p,
    arr[/* idx */ 1] AS i, CAST(x /* before AS */ AS INTEGER) AS ci,
    f(a /* spans
    two lines */, b) AS spans,
    x NOT IN (1, -- one
              2) AS ni,
    CASE status -- the operand
        WHEN 'A' THEN 'active' ELSE 'other' END AS st,
    LAG(x) OVER (PARTITION BY a -- partition
                 ORDER BY b /* order */ ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS lagged,
    y PRIMARY KEY -- a key item
FROM (SELECT a, -- inside a FROM subquery
             b FROM t) AS sub
WHERE a > 1
ORDER BY a DESC -- descending
EMIT FINAL -- pinned: EMIT written before LIMIT, with a comment
LIMIT 5;

INSERT INTO sink -- after the sink name
SELECT a FROM t WINDOW HOPPING(ts, -- the time column
    1h, 5m) GROUP BY a;

SELECT 'a
multi-line string' AS s, 'ünïcödé' AS u, "ÜberCol" FROM t;

CREATE STREAM s (a STRING) -- no WITH
;

-- Comments glued to tokens, with no space around them.
SELECT COUNT(/*star*/*) AS n, f(/*x*/a)/*y*/+b AS s FROM t/*t*/GROUP BY/*g*/a WINDOW TUMBLING(/*w*/5m)/*z*/;

-- a statement without a semicolon at the end of the file
SELECT a FROM t -- trailing at the very end
