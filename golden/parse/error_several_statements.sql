-- Every broken statement is reported; the good one between them is not.
SELECT a, FROM t;

SELECT b FROM u WHERE b > 1;

CREATE STREAM s AS SELECT c FROM WHERE c = 1;

SELECT d FROM v GROUP d;

INSERT big SELECT e FROM w;
