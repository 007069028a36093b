SELECT id FROM t WHERE name = 'O''Brien;
SELECT id FROM t;
