-- A file-level comment.
/* A block comment
   over several lines. */

-- before the statement
SELECT /* inline */ a, -- trailing after a select item
    b /* between item and comma */,
    c
-- between clauses
FROM t -- trailing after FROM
WHERE a > 1 /* in the condition */ AND b < 2
  -- a comment line inside the WHERE
  AND c = 3; -- after the semicolon

/* before the second statement */ SELECT x FROM y;

SELECT 'a -- not a comment' AS s, '/* nor this */' AS s2 FROM t;

SELECT a--no space needed
FROM t;

SELECT a FROM t /* unterminated? no: */;
-- the last comment in the file
