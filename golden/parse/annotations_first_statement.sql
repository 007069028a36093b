-- @name: only_job
-- @description: annotations directly above the first statement, no header
CREATE STREAM out AS SELECT a FROM t;
