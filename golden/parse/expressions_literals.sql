-- Literals: numbers of every kind, strings with escapes, booleans, NULL,
-- typed literals and intervals.

SELECT
    42 AS int_lit,
    0 AS zero,
    4.25 AS decimal_lit,
    1e3 AS float_lit,
    1.5E-3 AS float_neg_exp,
    2.5e+10 AS float_pos_exp,
    -7 AS negative_int,
    -0.75 AS negative_decimal,
    9223372036854775807 AS max_int,
    123456789012345678901234567890.123456789 AS wide_decimal,
    'plain' AS str,
    'it''s' AS str_escaped_quote,
    '' AS empty_str,
    'line1
line2' AS multi_line_str,
    'héllo wörld ✓' AS unicode_str,
    TRUE AS t,
    false AS f,
    NULL AS nothing,
    TIMESTAMP '2024-03-01 10:15:00' AS ts_lit,
    TIMESTAMP '2024-03-01T10:15:00.123Z' AS ts_iso,
    DATE '2024-03-01' AS date_lit,
    INTERVAL '90' SECOND AS iv
FROM t;
