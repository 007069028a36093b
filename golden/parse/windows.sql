-- Every spelling of a time window. HOPPING is read as SLIDING.

SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(5m);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(SIZE 10 SECONDS);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING (INTERVAL 1 HOUR);

SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SLIDING(10m, 1m);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SLIDING(ts, 10m, 2m);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SLIDING(10 MINUTES, ADVANCE BY 1 MINUTE);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW HOPPING(1h, 15m);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW HOPPING(event_ts, INTERVAL '1' HOUR, INTERVAL '5' MINUTE);
SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW HOPPING(INTERVAL 2 DAYS, ADVANCE BY INTERVAL 1 DAY);

SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id WINDOW SESSION(30s);
SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id WINDOW SESSION(ts, 5 MINUTES);
SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id WINDOW SESSION(TIMEOUT 5m);

-- a window without GROUP BY, reading the window columns
SELECT _window_start, _window_end, COUNT(*) AS n FROM trades WINDOW tumbling(1d);
