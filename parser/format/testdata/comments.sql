/* A block comment at the very top,
   over two lines. */
-- and a line comment right after it

-- a second group, separated by a blank line


-- a third group, after two blank lines (printed with one)
CREATE STREAM src ( -- trailing after the open paren
    -- before the first column
    id INTEGER NOT NULL, -- trailing after a column
    /* block before a column */ name STRING,
    price DECIMAL(10,2) /* trailing block before the comma */,
    PRIMARY KEY (id) -- trailing after the key
    -- after the key, before the closing paren
) WITH ( -- trailing after WITH (
    -- before the first property
    'src.type' = 'file_source', -- trailing after a property
    'src.path' /* between key and value */ = 'src.csv'
    -- after the last property
); -- trailing after the statement
-- directly after the statement, no blank line

CREATE STREAM out -- between the name and AS
AS
-- between AS and SELECT
SELECT -- trailing after SELECT
    id, -- trailing after id
    -- own line between items
    name /* block after name */,
    CASE -- trailing after CASE
        WHEN price > 100 THEN 'a long label for expensive things' -- trailing after a WHEN
        -- own line between WHENs
        WHEN price > 10 THEN 'a long label for middling things'
        ELSE /* inline before the else value */ 'a long label for cheap things'
    END AS label, -- trailing after the CASE item
    price * /* inside arithmetic */ 2 AS doubled,
    COALESCE(name, -- trailing inside a call
        'none') AS named
-- before FROM
FROM src s -- trailing after the alias
JOIN src s2 -- trailing after a join source
    ON s.id = s2.id -- trailing after ON
WHERE s.price > 0 -- trailing in WHERE
    -- own line in WHERE
    AND s.name IS NOT NULL
    OR s.id IN (SELECT id -- trailing inside a subquery
                FROM src)
-- before a window that comes before GROUP BY
WINDOW TUMBLING(5m) -- trailing after the window
GROUP BY id, -- trailing between group keys
    name, label, doubled, named
-- before EMIT
EMIT CHANGES
WITH ('out.type' = 'file_sink' /* before the closing paren */) /* between paren and semicolon */;

/* a block comment alone before a statement */ SELECT a FROM t -- before the semicolon
;

SELECT a FROM t
-- own line before the semicolon
;

SELECT /* a */ /* b */ a /* c */ FROM /* d */ t -- e
-- f
/* g */;
-- after the last statement

/* and a block comment at the very end */
