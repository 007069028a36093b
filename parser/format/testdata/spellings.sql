-- Every spelling that has a canonical form.
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(5m);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(SIZE 10 SECONDS);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING (INTERVAL 1 HOUR);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW tumbling(ts, 100ms);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SLIDING(10m, 1m);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SLIDING(10 MINUTES, ADVANCE BY 1 MINUTE);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW HOPPING(event_ts, INTERVAL '1' HOUR, INTERVAL '5' MINUTE);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW HOPPING(INTERVAL 2 DAYS, ADVANCE BY INTERVAL 1 DAY);
SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id WINDOW SESSION(30s);
SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id WINDOW SESSION(ts, 5 MINUTES);
SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id WINDOW SESSION(TIMEOUT 1d);
SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id WINDOW SESSION(timestamp, 1h);

select
    ts + interval 30 seconds as later, ts - interval '3' hours as earlier,
    substring(name from 2 for 3) as s1, substring(name from 2) as s2, substring(name, 2, 3) as s3,
    position('@' in email) as p1, position('@', email, 2) as p2,
    trim(name) as t1, trim(both ' ' from name) as t2, trim(leading '0' from code) as t3,
    trim(trailing from code) as t4, trim('x' from code) as t5, trim(from code) as t6,
    current_timestamp as c1, current_timestamp() as c2, current_date as c3, now() as c4,
    extract(epoch from ts) as e1, timestamp '2024-01-01 00:00:00' as ts1, date '2024-01-01' as d1,
    a != b as ne1, a <> b as ne2, -a as neg, - -a as negneg, not not flag as nn, 2 ^ 3 ^ 2 as pow,
    `Back Tick` as bt, "Dou""ble" as dq, 'it''s' as s, 1.5e3 as f, .5 as half, 5. as five,
    count(distinct x) as cd, sum(distinct x) as sd, x is not true as xt, x is false as xf,
    cast(x as decimal(10,2)) as dec, try_cast(x as varchar(20)) as vc, cast(x as array<string>) as arr
from t where (a = 1) and not (b = 2 or c = 3) and d not between 1 and 2 and e not like 'x%';

select a from t where x in (1, 2, 3) or y not in (select y from u) or exists (select 1 from u where u.y = t.y) order by a nulls first;
