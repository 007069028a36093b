-- Every operator, and how precedence groups them (see the tree).

SELECT
    a + b - c AS add_sub,
    a * b / c % d AS mul_div_mod,
    a + b * c AS mul_binds_tighter,
    (a + b) * c AS parens_kept,
    a ^ 2 AS pow,
    a * b ^ 2 AS pow_binds_tighter,
    -a AS neg,
    +a AS pos,
    -a ^ 2 AS neg_pow,
    - -a AS double_neg,
    a - -1 AS minus_negative,
    first_name || ' ' || last_name AS full_name,
    a || b + c AS concat_and_add,
    -(a + b) AS neg_group
FROM t
WHERE a = 1
   OR a != 2 AND b <> 3
   OR NOT c < 4 AND d <= 5
   OR e > 6 AND f >= 7 AND NOT NOT g;

SELECT x FROM t WHERE (a OR b) AND c;
SELECT x FROM t WHERE a = b = c;
SELECT x FROM t WHERE NOT a = b;
SELECT x FROM t WHERE a < b + 1 AND a * 2 >= b - 1;
