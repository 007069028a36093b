-- BETWEEN, LIKE with ESCAPE, IS tests, and how they combine with AND/NOT.

SELECT id FROM t WHERE price BETWEEN 10 AND 20;
SELECT id FROM t WHERE price NOT BETWEEN low + 1 AND high * 2 AND qty > 0;
SELECT id FROM t WHERE ts BETWEEN TIMESTAMP '2024-01-01 00:00:00' AND TIMESTAMP '2024-02-01 00:00:00';

SELECT id FROM t WHERE name LIKE 'A%';
SELECT id FROM t WHERE name NOT LIKE '_b%';
SELECT id FROM t WHERE code LIKE '100!%%' ESCAPE '!';
SELECT id FROM t WHERE code NOT LIKE prefix || '%' ESCAPE '\';

SELECT id FROM t WHERE email IS NULL;
SELECT id FROM t WHERE email IS NOT NULL;
SELECT id FROM t WHERE active IS TRUE;
SELECT id FROM t WHERE active IS NOT TRUE;
SELECT id FROM t WHERE active IS FALSE;
SELECT id FROM t WHERE active IS NOT FALSE;
SELECT id FROM t WHERE (a > b) IS NOT NULL AND NOT x IS NULL;

SELECT
    price BETWEEN 1 AND 2 AS in_range,
    name LIKE '%x%' AS has_x,
    email IS NULL AS no_email,
    status IN ('a', 'b') AS known
FROM t;
