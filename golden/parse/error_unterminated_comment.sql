SELECT a FROM t;
/* this comment never ends
SELECT b FROM u;
