SELECT a FROM t WHERE a > 1 garbage here;
SELECT b FROM u LIMIT 5 10;
SELECT c FROM v) ;
