package sqlfn

import "time"

// Now is NOW() and CURRENT_TIMESTAMP: processing time, in epoch
// milliseconds, read when the expression is evaluated.
func Now() int64 { return time.Now().UnixMilli() }

// CurrentDate is CURRENT_DATE: today's date in UTC, as days since
// 1970-01-01.
func CurrentDate() int32 { return TimestampDate(Now()) }

// NowSeconds is UNIX_TIMESTAMP() without an argument: now in whole epoch
// seconds.
func NowSeconds() int64 { return UnixTimestamp(Now()) }
