package sqlfn

import (
	"github.com/velocsql/veloc/runtime/scalar"
	"math"
	"strings"
)

// Date and time functions (dialect.md, "Date and time" and "Small
// rules"). A TIMESTAMP is int64 milliseconds since 1970-01-01T00:00:00Z and
// a DATE is int32 days since 1970-01-01 (types.md); everything is UTC on
// the proleptic Gregorian calendar, so there is no time zone or DST to
// consider. Days, seconds and windows before 1970 are found by floor
// division (-1 ms is 1969-12-31T23:59:59.999Z), never by truncation.
//
// Every function is defined for every int64 input and never panics. The
// few whose result may not fit in int64 (DATEDIFF in milliseconds,
// DATE_TRUNC and TUMBLE_START/END near the ends of the range,
// FROM_UNIXTIME) return ok = false instead of a wrapped or saturated
// value, like the checked INTEGER arithmetic (AddInt etc.): the record
// becomes an overflow error record.
//
// Units are resolved when the query is compiled: the compiler validates
// the unit with ParseExtractUnit or ParseTimeUnit and the code generator
// emits a direct call, so nothing is looked up per record.

const (
	dtMsPerSecond = 1000
	dtMsPerMinute = 60 * dtMsPerSecond
	dtMsPerHour   = 60 * dtMsPerMinute
	dtMsPerDay    = 24 * dtMsPerHour
	dtMsPerWeek   = 7 * dtMsPerDay

	// dtMinDay and dtMaxDay are the day numbers whose midnight is a
	// representable TIMESTAMP.
	dtMinDay = math.MinInt64 / dtMsPerDay // truncates towards zero: -106751991167
	dtMaxDay = math.MaxInt64 / dtMsPerDay // 106751991167
)

// TimeUnit is a unit of EXTRACT, DATEDIFF or DATE_TRUNC. The first nine
// are calendar and clock units usable everywhere; UnitDOW, UnitDOY and
// UnitEpoch exist only for EXTRACT.
type TimeUnit uint8

const (
	UnitMillisecond TimeUnit = iota + 1
	UnitSecond
	UnitMinute
	UnitHour
	UnitDay
	UnitWeek
	UnitMonth
	UnitQuarter
	UnitYear
	UnitDOW
	UnitDOY
	UnitEpoch
)

var dtUnitNames = [...]string{
	UnitMillisecond: "MILLISECOND",
	UnitSecond:      "SECOND",
	UnitMinute:      "MINUTE",
	UnitHour:        "HOUR",
	UnitDay:         "DAY",
	UnitWeek:        "WEEK",
	UnitMonth:       "MONTH",
	UnitQuarter:     "QUARTER",
	UnitYear:        "YEAR",
	UnitDOW:         "DOW",
	UnitDOY:         "DOY",
	UnitEpoch:       "EPOCH",
}

// ExtractUnits and TimeUnits list the accepted unit names for a compile
// error message.
const (
	ExtractUnits = "YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND, EPOCH"
	TimeUnits    = "MILLISECOND, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR (singular or plural)"
)

// String returns the unit's SQL name in upper case ("HOUR"), or "" for an
// invalid unit.
func (u TimeUnit) String() string {
	if int(u) < len(dtUnitNames) {
		return dtUnitNames[u]
	}
	return ""
}

// GoName returns the name of the exported constant for u ("UnitHour"),
// for the code generator to refer to it: sqlfn.DateTrunc(sqlfn.UnitHour, ts).
func (u TimeUnit) GoName() string {
	switch u {
	case UnitDOW:
		return "UnitDOW"
	case UnitDOY:
		return "UnitDOY"
	}
	s := u.String()
	if s == "" {
		return ""
	}
	return "Unit" + s[:1] + strings.ToLower(s[1:])
}

// ExtractFunc returns the name of the function that extracts u from a
// TIMESTAMP ("ExtractHour"), for the code generator to call directly:
// sqlfn.ExtractHour(ts). Extract(u, ts) gives the same result.
func (u TimeUnit) ExtractFunc() string {
	switch u {
	case UnitDOW:
		return "ExtractDOW"
	case UnitDOY:
		return "ExtractDOY"
	}
	s := u.String()
	if s == "" {
		return ""
	}
	return "Extract" + s[:1] + strings.ToLower(s[1:])
}

// ParseExtractUnit resolves the unit of EXTRACT(unit FROM x): one of
// ExtractUnits, any case, singular only (dialect.md lists these names).
func ParseExtractUnit(name string) (TimeUnit, bool) {
	for u := UnitMillisecond; u <= UnitEpoch; u++ {
		if strings.EqualFold(name, dtUnitNames[u]) {
			return u, true
		}
	}
	return 0, false
}

// ParseTimeUnit resolves the unit of DATEDIFF and DATE_TRUNC, given as a
// keyword or a string: MILLISECOND through YEAR, any case, singular or
// plural ("hour", "'HOURS'"; dialect.md, "Small rules").
func ParseTimeUnit(name string) (TimeUnit, bool) {
	if len(name) > 1 && (name[len(name)-1] == 's' || name[len(name)-1] == 'S') {
		if u, ok := dtParseCalendarUnit(name[:len(name)-1]); ok {
			return u, true
		}
	}
	return dtParseCalendarUnit(name)
}

func dtParseCalendarUnit(name string) (TimeUnit, bool) {
	for u := UnitMillisecond; u <= UnitYear; u++ {
		if strings.EqualFold(name, dtUnitNames[u]) {
			return u, true
		}
	}
	return 0, false
}

// ---- Calendar arithmetic ----

// dtFloorDiv returns a/b rounded towards negative infinity (b > 0).
func dtFloorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// dtFloorMod returns a - b*floor(a/b), in [0, b) (b > 0).
func dtFloorMod(a, b int64) int64 {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}

// dtSplit splits ms into its day number and the milliseconds into that
// day, [0, dtMsPerDay). It does not overflow for any int64.
func dtSplit(ms int64) (days, rem int64) {
	return dtFloorDiv(ms, dtMsPerDay), dtFloorMod(ms, dtMsPerDay)
}

// dtCivil returns the civil date of day number z (days since 1970-01-01),
// exact for every day number an int64 timestamp can have.
func dtCivil(z int64) (y, m, d int64) { return scalar.CivilFromDays(z) }

// dtDays returns the day number of y-m-d (m 1..12, d 1..31).
func dtDays(y, m, d int64) int64 { return scalar.DaysFromCivil(y, m, d) }

// dtMidnight returns the TIMESTAMP of the start of day number days; ok is
// false when it is not representable.
func dtMidnight(days int64) (int64, bool) {
	if days < dtMinDay || days > dtMaxDay {
		return 0, false
	}
	return days * dtMsPerDay, true
}

// dtISOWeekday returns the ISO weekday of day number days: 1 = Monday ..
// 7 = Sunday. Day 0, 1970-01-01, was a Thursday.
func dtISOWeekday(days int64) int64 { return dtFloorMod(days+3, 7) + 1 }

// dtISOWeek returns the ISO 8601 week-numbering year and week (1..53) of
// day number days: week 1 is the week (Monday to Sunday) that holds the
// year's first Thursday, so a week belongs to the year of its Thursday.
func dtISOWeek(days int64) (year, week int64) {
	thu := days - dtISOWeekday(days) + 4
	year, _, _ = dtCivil(thu)
	return year, (thu-dtDays(year, 1, 1))/7 + 1
}

// ---- EXTRACT ----

// The Extract functions are EXTRACT(unit FROM ts) for a TIMESTAMP (or
// INTEGER epoch milliseconds), one function per unit so that generated
// code calls the one it needs directly (TimeUnit.ExtractFunc names it) and
// the compiler can inline the small ones; Extract dispatches on a unit for
// anything else. For a DATE use ExtractDate, or convert the DATE to its
// midnight TIMESTAMP (days * 86400000, which always fits) and call these:
// the results are the same, and the clock units are 0.

// ExtractYear is the calendar year (astronomical: 1 BC is year 0).
func ExtractYear(ms int64) int64 {
	y, _, _ := dtCivil(dtFloorDiv(ms, dtMsPerDay))
	return y
}

// ExtractQuarter is the quarter of the year, 1..4.
func ExtractQuarter(ms int64) int64 { return (ExtractMonth(ms)-1)/3 + 1 }

// ExtractMonth is the month, 1..12.
func ExtractMonth(ms int64) int64 {
	_, m, _ := dtCivil(dtFloorDiv(ms, dtMsPerDay))
	return m
}

// ExtractWeek is the ISO 8601 week of the year, 1..53 (dialect.md): Jan 1
// may be in week 52 or 53 of the previous year and Dec 29-31 in week 1 of
// the next. The week-numbering year itself is DATE_FORMAT's %G.
func ExtractWeek(ms int64) int64 {
	_, w := dtISOWeek(dtFloorDiv(ms, dtMsPerDay))
	return w
}

// ExtractDay is the day of the month, 1..31.
func ExtractDay(ms int64) int64 {
	_, _, d := dtCivil(dtFloorDiv(ms, dtMsPerDay))
	return d
}

// ExtractDOW is the day of the week, 0 = Sunday .. 6 = Saturday.
func ExtractDOW(ms int64) int64 { return dtFloorMod(dtFloorDiv(ms, dtMsPerDay)+4, 7) }

// ExtractDOY is the day of the year, 1..366.
func ExtractDOY(ms int64) int64 {
	days := dtFloorDiv(ms, dtMsPerDay)
	y, _, _ := dtCivil(days)
	return days - dtDays(y, 1, 1) + 1
}

// ExtractHour is the hour of the day, 0..23.
func ExtractHour(ms int64) int64 { return dtFloorMod(ms, dtMsPerDay) / dtMsPerHour }

// ExtractMinute is the minute of the hour, 0..59.
func ExtractMinute(ms int64) int64 { return dtFloorMod(ms, dtMsPerHour) / dtMsPerMinute }

// ExtractSecond is the second of the minute, 0..59 (whole seconds; the
// milliseconds are EXTRACT(MILLISECOND)).
func ExtractSecond(ms int64) int64 { return dtFloorMod(ms, dtMsPerMinute) / dtMsPerSecond }

// ExtractMillisecond is the millisecond within the second, 0..999.
func ExtractMillisecond(ms int64) int64 { return dtFloorMod(ms, dtMsPerSecond) }

// ExtractEpoch is whole seconds since the Unix epoch, rounded down (so
// -1 ms is -1), the same as UNIX_TIMESTAMP.
func ExtractEpoch(ms int64) int64 { return dtFloorDiv(ms, dtMsPerSecond) }

// Extract is EXTRACT(u FROM ms) for any unit ParseExtractUnit returns; an
// invalid unit gives 0.
func Extract(u TimeUnit, ms int64) int64 {
	switch u {
	case UnitYear:
		return ExtractYear(ms)
	case UnitQuarter:
		return ExtractQuarter(ms)
	case UnitMonth:
		return ExtractMonth(ms)
	case UnitWeek:
		return ExtractWeek(ms)
	case UnitDay:
		return ExtractDay(ms)
	case UnitDOW:
		return ExtractDOW(ms)
	case UnitDOY:
		return ExtractDOY(ms)
	case UnitHour:
		return ExtractHour(ms)
	case UnitMinute:
		return ExtractMinute(ms)
	case UnitSecond:
		return ExtractSecond(ms)
	case UnitMillisecond:
		return ExtractMillisecond(ms)
	case UnitEpoch:
		return ExtractEpoch(ms)
	}
	return 0
}

// ExtractDate is EXTRACT(u FROM d) for a DATE: the unit of the date's
// midnight, so HOUR, MINUTE, SECOND and MILLISECOND are 0 and EPOCH is
// days * 86400.
func ExtractDate(u TimeUnit, days int32) int64 {
	return Extract(u, int64(days)*dtMsPerDay)
}

// ---- DATEDIFF ----

// DateDiff is DATEDIFF(u, a, b): the number of whole units from a to b,
// negative when b is before a, truncated towards zero (dialect.md).
//
// MILLISECOND through WEEK count elapsed time: (b - a) divided by the
// unit's fixed length (a week is 7 days, a day 86400 s in UTC), so
// 23:59:59 to 03:00:00 two days later is 2 days, not 3 calendar-day
// boundaries. MONTH, QUARTER and YEAR count calendar months as MySQL's
// TIMESTAMPDIFF and java.time's ChronoUnit.MONTHS.between do: the
// difference of (year*12 + month), less one when b's day of the month
// and time of day have not reached a's; QUARTER and YEAR are whole months
// / 3 and / 12. So Jan 31 to Feb 28 (or Feb 29) is 0 months, Jan 31 to
// Mar 1 is 1, Jan 15 to Feb 15 is 1, and Feb 29 2024 to Feb 28 2025 is 0
// years. DATEDIFF(u, b, a) = -DATEDIFF(u, a, b) for every unit.
//
// ok is false only for MILLISECOND when b - a overflows int64, or for an
// invalid unit.
func DateDiff(u TimeUnit, a, b int64) (int64, bool) {
	switch u {
	case UnitMillisecond:
		c := b - a
		return c, (c < b) == (a > 0)
	case UnitSecond:
		return dtDiffFixed(a, b, dtMsPerSecond), true
	case UnitMinute:
		return dtDiffFixed(a, b, dtMsPerMinute), true
	case UnitHour:
		return dtDiffFixed(a, b, dtMsPerHour), true
	case UnitDay:
		return dtDiffFixed(a, b, dtMsPerDay), true
	case UnitWeek:
		return dtDiffFixed(a, b, dtMsPerWeek), true
	case UnitMonth:
		return dtDiffMonths(a, b), true
	case UnitQuarter:
		return dtDiffMonths(a, b) / 3, true
	case UnitYear:
		return dtDiffMonths(a, b) / 12, true
	}
	return 0, false
}

// dtDiffFixed returns (b - a) / unit truncated towards zero, without
// computing b - a, which can overflow (unit >= 1000, so the quotient
// cannot).
func dtDiffFixed(a, b, unit int64) int64 {
	q := b/unit - a/unit // |each| <= 2^63/1000
	r := b%unit - a%unit // (-2unit, 2unit)
	if r >= unit {
		q, r = q+1, r-unit
	} else if r <= -unit {
		q, r = q-1, r+unit
	}
	// Now b - a = q*unit + r with |r| < unit; truncation wants r to have
	// the sign of the whole.
	if q > 0 && r < 0 {
		q--
	} else if q < 0 && r > 0 {
		q++
	}
	return q
}

// dtDiffMonths returns the whole calendar months from a to b (see
// DateDiff).
func dtDiffMonths(a, b int64) int64 {
	if a > b {
		return -dtDiffMonths(b, a)
	}
	da, ra := dtSplit(a)
	db, rb := dtSplit(b)
	ya, ma, dayA := dtCivil(da)
	yb, mb, dayB := dtCivil(db)
	n := (yb*12 + mb) - (ya*12 + ma)
	if dayB < dayA || (dayB == dayA && rb < ra) {
		n--
	}
	return n
}

// ---- DATE_TRUNC ----

// DateTrunc is DATE_TRUNC(u, ms): the start of the unit that holds ms,
// rounding down for instants before 1970. WEEK truncates to Monday 00:00
// (ISO 8601), QUARTER to the first day of January, April, July or
// October. ok is false when the start is before the earliest
// representable TIMESTAMP (only within a year of math.MinInt64 ms) or for
// an invalid unit. The result is never after ms, and truncating it again
// gives it back.
func DateTrunc(u TimeUnit, ms int64) (int64, bool) {
	switch u {
	case UnitMillisecond:
		return ms, true
	case UnitSecond:
		return dtFloorTo(ms, dtMsPerSecond)
	case UnitMinute:
		return dtFloorTo(ms, dtMsPerMinute)
	case UnitHour:
		return dtFloorTo(ms, dtMsPerHour)
	case UnitDay:
		return dtFloorTo(ms, dtMsPerDay)
	case UnitWeek:
		days := dtFloorDiv(ms, dtMsPerDay)
		return dtMidnight(days - dtISOWeekday(days) + 1)
	case UnitMonth, UnitQuarter, UnitYear:
		y, m, _ := dtCivil(dtFloorDiv(ms, dtMsPerDay))
		switch u {
		case UnitQuarter:
			m = (m-1)/3*3 + 1
		case UnitYear:
			m = 1
		}
		return dtMidnight(dtDays(y, m, 1))
	}
	return 0, false
}

// dtFloorTo rounds ms down to a multiple of unit (> 0); ok is false when
// that multiple is below math.MinInt64.
func dtFloorTo(ms, unit int64) (int64, bool) {
	r := ms - dtFloorMod(ms, unit)
	return r, r <= ms
}

// ---- Unix time ----

// UnixTimestamp is UNIX_TIMESTAMP(ts): whole seconds since the Unix
// epoch, rounded down (1969-12-31T23:59:59.999Z is -1).
func UnixTimestamp(ms int64) int64 { return dtFloorDiv(ms, dtMsPerSecond) }

// FromUnixTime is FROM_UNIXTIME(seconds) for INTEGER seconds: the
// TIMESTAMP seconds * 1000; ok is false when that overflows.
func FromUnixTime(seconds int64) (int64, bool) {
	const lim = math.MaxInt64 / dtMsPerSecond
	if seconds > lim || seconds < -lim {
		return 0, false
	}
	return seconds * dtMsPerSecond, true
}

// FromUnixTimeFloat is FROM_UNIXTIME(seconds) for FLOAT (or DECIMAL
// converted to FLOAT) seconds: rounded to the nearest millisecond, half
// away from zero, so 1.0015 is 1.002 s and 0.1 is exactly 100 ms despite
// binary representation. ok is false for NaN, infinities and results
// outside the TIMESTAMP range.
func FromUnixTimeFloat(seconds float64) (int64, bool) {
	ms := math.Round(seconds * dtMsPerSecond)
	// float64(MaxInt64) rounds up to 2^63, which is out of range.
	if !(ms >= -9223372036854775808.0 && ms < 9223372036854775808.0) {
		return 0, false
	}
	return int64(ms), true
}

// ---- Tumbling windows ----

// TumbleStart is TUMBLE_START(ts, size): the start of the tumbling window
// of size milliseconds that holds ts, windows being [k*size, (k+1)*size)
// aligned to the Unix epoch (dialect.md, "Time windows"), rounding down
// before 1970. ok is false when size <= 0 or the start is below the
// TIMESTAMP range.
func TumbleStart(ts, size int64) (int64, bool) {
	if size <= 0 {
		return 0, false
	}
	return dtFloorTo(ts, size)
}

// TumbleEnd is TUMBLE_END(ts, size): the exclusive end of that window,
// TumbleStart + size, the first instant of the next window (so
// TUMBLE_END of 00:14:59.999 with 15-minute windows is 00:15:00.000, the
// same as _window_end). ok is false when size <= 0 or the end is beyond
// the TIMESTAMP range.
func TumbleEnd(ts, size int64) (int64, bool) {
	start, ok := TumbleStart(ts, size)
	if !ok {
		return 0, false
	}
	end := start + size
	return end, end > start
}
