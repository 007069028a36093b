package sqlfn

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/velocsql/veloc/runtime/scalar"
)

// dtTS parses an RFC 3339 timestamp into epoch milliseconds.
func dtTS(s string) int64 {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

// dtEdgeMs are instants that exercise boundaries: the int64 ends, the
// epoch, day, year and ISO-week edges.
var dtEdgeMs = []int64{
	math.MinInt64, math.MinInt64 + 1, math.MinInt64 + 999, math.MinInt64 + 86_400_000,
	math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64 - 86_400_000,
	-86_400_001, -86_400_000, -86_399_999, -1001, -1000, -999, -1, 0, 1, 999, 1000,
	86_399_999, 86_400_000,
	dtTS("0000-01-01T00:00:00Z"), dtTS("0000-12-31T23:59:59.999Z"), dtTS("0001-01-01T00:00:00Z"),
	dtTS("1600-02-29T12:00:00Z"), dtTS("1900-02-28T23:59:59.999Z"), dtTS("1900-03-01T00:00:00Z"),
	dtTS("1969-12-29T00:00:00Z"), dtTS("1969-12-31T23:59:59.999Z"),
	dtTS("2000-02-29T00:00:00Z"), dtTS("2004-12-31T00:00:00Z"), dtTS("2005-01-01T00:00:00Z"),
	dtTS("2008-12-29T00:00:00Z"), dtTS("2010-01-03T23:59:59.999Z"), dtTS("2020-12-31T00:00:00Z"),
	dtTS("2021-01-03T00:00:00Z"), dtTS("2024-02-29T13:45:30.250Z"), dtTS("2024-12-31T08:05:09Z"),
	dtTS("9999-12-31T23:59:59.999Z"),
}

func TestExtract(t *testing.T) {
	type row struct {
		ts                                        string
		year, quarter, month, week, day, dow, doy int64
		hour, minute, second, millisecond, epoch  int64
	}
	tests := []row{
		// The conformance case 02-functions/04-extract.
		{"2024-01-01T00:00:00.007Z", 2024, 1, 1, 1, 1, 1, 1, 0, 0, 0, 7, 1704067200},
		{"2024-02-29T13:45:30.250Z", 2024, 1, 2, 9, 29, 4, 60, 13, 45, 30, 250, 1709214330},
		{"2024-06-30T23:59:59.999Z", 2024, 2, 6, 26, 30, 0, 182, 23, 59, 59, 999, 1719791999},
		{"2023-01-01T12:00:00.500Z", 2023, 1, 1, 52, 1, 0, 1, 12, 0, 0, 500, 1672574400},
		{"2024-12-31T08:05:09.001Z", 2024, 4, 12, 1, 31, 2, 366, 8, 5, 9, 1, 1735632309},
		{"2023-10-15T06:30:45Z", 2023, 4, 10, 41, 15, 0, 288, 6, 30, 45, 0, 1697351445},
		// ISO weeks: Jan 1 in week 53 / 52 of the year before, Dec 29-31 in week 1.
		{"2021-01-01T00:00:00Z", 2021, 1, 1, 53, 1, 5, 1, 0, 0, 0, 0, 1609459200},
		{"2021-01-03T23:59:59Z", 2021, 1, 1, 53, 3, 0, 3, 23, 59, 59, 0, 1609718399},
		{"2021-01-04T00:00:00Z", 2021, 1, 1, 1, 4, 1, 4, 0, 0, 0, 0, 1609718400},
		{"2022-01-01T00:00:00Z", 2022, 1, 1, 52, 1, 6, 1, 0, 0, 0, 0, 1640995200},
		{"2020-12-31T00:00:00Z", 2020, 4, 12, 53, 31, 4, 366, 0, 0, 0, 0, 1609372800},
		{"2019-12-30T00:00:00Z", 2019, 4, 12, 1, 30, 1, 364, 0, 0, 0, 0, 1577664000},
		{"2026-01-01T00:00:00Z", 2026, 1, 1, 1, 1, 4, 1, 0, 0, 0, 0, 1767225600},
		// Leap years: Feb 29 and DOY 366; 1900 is not a leap year, 2000 is.
		{"2000-02-29T00:00:00Z", 2000, 1, 2, 9, 29, 2, 60, 0, 0, 0, 0, 951782400},
		{"2000-12-31T00:00:00Z", 2000, 4, 12, 52, 31, 0, 366, 0, 0, 0, 0, 978220800},
		{"1900-12-31T00:00:00Z", 1900, 4, 12, 1, 31, 1, 365, 0, 0, 0, 0, -2177539200},
		{"2023-03-01T00:00:00Z", 2023, 1, 3, 9, 1, 3, 60, 0, 0, 0, 0, 1677628800},
		// Before 1970: floor division, never truncation.
		{"1969-12-31T23:59:59.999Z", 1969, 4, 12, 1, 31, 3, 365, 23, 59, 59, 999, -1},
		{"1969-12-31T23:59:59Z", 1969, 4, 12, 1, 31, 3, 365, 23, 59, 59, 0, -1},
		{"1969-12-31T23:59:58.500Z", 1969, 4, 12, 1, 31, 3, 365, 23, 59, 58, 500, -2},
		{"1970-01-01T00:00:00Z", 1970, 1, 1, 1, 1, 4, 1, 0, 0, 0, 0, 0},
		{"1960-02-29T06:07:08.009Z", 1960, 1, 2, 9, 29, 1, 60, 6, 7, 8, 9, -310499572},
		{"0000-01-01T00:00:00Z", 0, 1, 1, 52, 1, 6, 1, 0, 0, 0, 0, -62167219200},
		{"9999-12-31T23:59:59.999Z", 9999, 4, 12, 52, 31, 5, 365, 23, 59, 59, 999, 253402300799},
	}
	for _, tt := range tests {
		ms := dtTS(tt.ts)
		want := map[TimeUnit]int64{
			UnitYear: tt.year, UnitQuarter: tt.quarter, UnitMonth: tt.month, UnitWeek: tt.week,
			UnitDay: tt.day, UnitDOW: tt.dow, UnitDOY: tt.doy, UnitHour: tt.hour, UnitMinute: tt.minute,
			UnitSecond: tt.second, UnitMillisecond: tt.millisecond, UnitEpoch: tt.epoch,
		}
		for u, w := range want {
			if got := Extract(u, ms); got != w {
				t.Errorf("EXTRACT(%s FROM %s) = %d, want %d", u, tt.ts, got, w)
			}
			if got := dtExtractFuncs[u.ExtractFunc()](ms); got != w {
				t.Errorf("%s(%s) = %d, want %d", u.ExtractFunc(), tt.ts, got, w)
			}
		}
	}
}

// dtExtractFuncs maps the names ExtractFunc returns to the functions, so
// that a name the code generator would emit is known to exist.
var dtExtractFuncs = map[string]func(int64) int64{
	"ExtractYear": ExtractYear, "ExtractQuarter": ExtractQuarter, "ExtractMonth": ExtractMonth,
	"ExtractWeek": ExtractWeek, "ExtractDay": ExtractDay, "ExtractDOW": ExtractDOW,
	"ExtractDOY": ExtractDOY, "ExtractHour": ExtractHour, "ExtractMinute": ExtractMinute,
	"ExtractSecond": ExtractSecond, "ExtractMillisecond": ExtractMillisecond, "ExtractEpoch": ExtractEpoch,
}

// dtCheckAgainstTime compares every EXTRACT unit and DATE_TRUNC to the
// time package for one instant.
func dtCheckAgainstTime(t *testing.T, ms int64) {
	t.Helper()
	tm := time.UnixMilli(ms).UTC()
	isoY, isoW := tm.ISOWeek()
	want := map[TimeUnit]int64{
		UnitYear:        int64(tm.Year()),
		UnitQuarter:     int64(tm.Month()-1)/3 + 1,
		UnitMonth:       int64(tm.Month()),
		UnitWeek:        int64(isoW),
		UnitDay:         int64(tm.Day()),
		UnitDOW:         int64(tm.Weekday()),
		UnitDOY:         int64(tm.YearDay()),
		UnitHour:        int64(tm.Hour()),
		UnitMinute:      int64(tm.Minute()),
		UnitSecond:      int64(tm.Second()),
		UnitMillisecond: int64(tm.Nanosecond() / 1e6),
		UnitEpoch:       tm.Unix(),
	}
	for u, w := range want {
		if got := Extract(u, ms); got != w {
			t.Fatalf("EXTRACT(%s FROM %d) = %d, time says %d (%v)", u, ms, got, w, tm)
		}
	}
	if y, _ := dtISOWeek(dtFloorDiv(ms, dtMsPerDay)); y != int64(isoY) {
		t.Fatalf("ISO year of %d = %d, time says %d", ms, y, isoY)
	}
	// DATE_TRUNC by the time package, where the result is representable.
	day := time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC)
	truncs := map[TimeUnit]time.Time{
		UnitSecond:  tm.Truncate(time.Second),
		UnitMinute:  time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), tm.Minute(), 0, 0, time.UTC),
		UnitHour:    time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), 0, 0, 0, time.UTC),
		UnitDay:     day,
		UnitWeek:    day.AddDate(0, 0, -int((tm.Weekday()+6)%7)),
		UnitMonth:   time.Date(tm.Year(), tm.Month(), 1, 0, 0, 0, 0, time.UTC),
		UnitQuarter: time.Date(tm.Year(), (tm.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC),
		UnitYear:    time.Date(tm.Year(), 1, 1, 0, 0, 0, 0, time.UTC),
	}
	if ms > math.MinInt64/2 {
		for u, w := range truncs {
			got, ok := DateTrunc(u, ms)
			if !ok || got != w.UnixMilli() {
				t.Fatalf("DATE_TRUNC(%s, %d) = %d, %v; time says %d (%v)", u, ms, got, ok, w.UnixMilli(), w)
			}
		}
	}
}

func TestExtractMatchesTimePackage(t *testing.T) {
	for _, ms := range dtEdgeMs {
		dtCheckAgainstTime(t, ms)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		var ms int64
		switch r.IntN(3) {
		case 0:
			ms = int64(r.Uint64())
		case 1: // years 1600-2400
			ms = r.Int64N(25_000_000_000_000) - 11_700_000_000_000
		default: // near the epoch
			ms = r.Int64N(2*dtMsPerWeek) - dtMsPerWeek
		}
		dtCheckAgainstTime(t, ms)
	}
}

func FuzzExtract(f *testing.F) {
	for _, ms := range dtEdgeMs {
		f.Add(ms)
	}
	f.Fuzz(func(t *testing.T, ms int64) {
		dtCheckAgainstTime(t, ms)
		if d := int32(dtFloorDiv(ms, dtMsPerDay)); int64(d) == dtFloorDiv(ms, dtMsPerDay) {
			for u := UnitYear; u <= UnitEpoch; u++ {
				midnight := int64(d) * dtMsPerDay
				if ExtractDate(u, d) != Extract(u, midnight) {
					t.Fatalf("ExtractDate(%s, %d) != Extract of its midnight", u, d)
				}
			}
		}
	})
}

func TestExtractDate(t *testing.T) {
	d, _ := scalar.ParseDate([]byte("2024-02-29"))
	tests := map[TimeUnit]int64{
		UnitYear: 2024, UnitQuarter: 1, UnitMonth: 2, UnitWeek: 9, UnitDay: 29, UnitDOW: 4, UnitDOY: 60,
		UnitHour: 0, UnitMinute: 0, UnitSecond: 0, UnitMillisecond: 0, UnitEpoch: 1709164800,
	}
	for u, w := range tests {
		if got := ExtractDate(u, d); got != w {
			t.Errorf("EXTRACT(%s FROM DATE '2024-02-29') = %d, want %d", u, got, w)
		}
	}
	if got := ExtractDate(UnitYear, -1); got != 1969 {
		t.Errorf("EXTRACT(YEAR FROM day -1) = %d", got)
	}
	for _, d := range []int32{math.MinInt32, math.MaxInt32} {
		if got, want := ExtractDate(UnitEpoch, d), int64(d)*86400; got != want {
			t.Errorf("EXTRACT(EPOCH FROM day %d) = %d, want %d", d, got, want)
		}
	}
}

func TestParseUnits(t *testing.T) {
	tests := []struct {
		name             string
		extract, generic TimeUnit // 0: rejected
	}{
		{"YEAR", UnitYear, UnitYear},
		{"year", UnitYear, UnitYear},
		{"Years", 0, UnitYear},
		{"QUARTER", UnitQuarter, UnitQuarter},
		{"quarters", 0, UnitQuarter},
		{"MONTH", UnitMonth, UnitMonth},
		{"months", 0, UnitMonth},
		{"WEEK", UnitWeek, UnitWeek},
		{"WEEKS", 0, UnitWeek},
		{"day", UnitDay, UnitDay},
		{"DAYS", 0, UnitDay},
		{"Hour", UnitHour, UnitHour},
		{"HOURS", 0, UnitHour},
		{"minute", UnitMinute, UnitMinute},
		{"minutes", 0, UnitMinute},
		{"second", UnitSecond, UnitSecond},
		{"SECONDS", 0, UnitSecond},
		{"MILLISECOND", UnitMillisecond, UnitMillisecond},
		{"milliseconds", 0, UnitMillisecond},
		{"DOW", UnitDOW, 0},
		{"doy", UnitDOY, 0},
		{"Epoch", UnitEpoch, 0},
		{"EPOCHS", 0, 0},
		{"DOWS", 0, 0},
		{"", 0, 0},
		{"s", 0, 0},
		{"ms", 0, 0},
		{"hourss", 0, 0},
		{" hour", 0, 0},
		{"decade", 0, 0},
	}
	for _, tt := range tests {
		u, ok := ParseExtractUnit(tt.name)
		if ok != (tt.extract != 0) || u != tt.extract {
			t.Errorf("ParseExtractUnit(%q) = %v, %v; want %v", tt.name, u, ok, tt.extract)
		}
		u, ok = ParseTimeUnit(tt.name)
		if ok != (tt.generic != 0) || u != tt.generic {
			t.Errorf("ParseTimeUnit(%q) = %v, %v; want %v", tt.name, u, ok, tt.generic)
		}
	}
}

func TestUnitNames(t *testing.T) {
	consts := map[string]TimeUnit{
		"UnitMillisecond": UnitMillisecond, "UnitSecond": UnitSecond, "UnitMinute": UnitMinute,
		"UnitHour": UnitHour, "UnitDay": UnitDay, "UnitWeek": UnitWeek, "UnitMonth": UnitMonth,
		"UnitQuarter": UnitQuarter, "UnitYear": UnitYear, "UnitDOW": UnitDOW, "UnitDOY": UnitDOY,
		"UnitEpoch": UnitEpoch,
	}
	for u := UnitMillisecond; u <= UnitEpoch; u++ {
		if consts[u.GoName()] != u {
			t.Errorf("%v.GoName() = %q, not the constant's name", u, u.GoName())
		}
		if dtExtractFuncs[u.ExtractFunc()] == nil {
			t.Errorf("%v.ExtractFunc() = %q, not a function", u, u.ExtractFunc())
		}
		if p, ok := ParseExtractUnit(u.String()); !ok || p != u {
			t.Errorf("ParseExtractUnit(%v.String()) = %v, %v", u, p, ok)
		}
	}
	for _, u := range []TimeUnit{0, UnitEpoch + 1, 255} {
		if u.String() != "" || u.GoName() != "" || u.ExtractFunc() != "" || Extract(u, 1) != 0 {
			t.Errorf("invalid unit %d has a name or a value", u)
		}
		if _, ok := DateDiff(u, 0, 1); ok {
			t.Errorf("DateDiff(invalid unit %d) ok", u)
		}
		if _, ok := DateTrunc(u, 1); ok {
			t.Errorf("DateTrunc(invalid unit %d) ok", u)
		}
	}
}

func TestDateDiff(t *testing.T) {
	tests := []struct {
		unit TimeUnit
		a, b string
		want int64
	}{
		// The conformance case 02-functions/05-date-functions.
		{UnitMinute, "2024-03-15T09:07:05Z", "2024-03-15T11:06:05Z", 119},
		{UnitHour, "2024-03-15T09:07:05Z", "2024-03-15T11:06:05Z", 1},
		{UnitDay, "2024-03-15T09:07:05Z", "2024-03-15T11:06:05Z", 0},
		{UnitMinute, "2024-03-15T23:59:59Z", "2024-03-18T03:00:00Z", 3060},
		{UnitHour, "2024-03-15T23:59:59Z", "2024-03-18T03:00:00Z", 51},
		{UnitDay, "2024-03-15T23:59:59Z", "2024-03-18T03:00:00Z", 2},
		{UnitDay, "2024-02-28T12:00:00Z", "2024-03-01T12:00:00Z", 2},
		{UnitMinute, "2024-12-31T18:30:00Z", "2024-12-31T18:30:30Z", 0},
		{UnitMinute, "2024-07-04T00:14:59.999Z", "2024-07-05T00:14:59.999Z", 1440},
		{UnitMinute, "2024-11-02T14:45:00Z", "2024-11-02T16:44:59Z", 119},
		// Fixed units: truncated towards zero in both directions.
		{UnitMillisecond, "2024-01-01T00:00:00Z", "2024-01-01T00:00:01.5Z", 1500},
		{UnitMillisecond, "2024-01-01T00:00:01.5Z", "2024-01-01T00:00:00Z", -1500},
		{UnitSecond, "2024-01-01T00:00:00Z", "2024-01-01T00:00:01.999Z", 1},
		{UnitSecond, "2024-01-01T00:00:01.999Z", "2024-01-01T00:00:00Z", -1},
		{UnitSecond, "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.998Z", 0},
		{UnitSecond, "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.999Z", 1},
		{UnitHour, "2024-03-15T11:06:05Z", "2024-03-15T09:07:05Z", -1},
		{UnitDay, "2024-03-18T03:00:00Z", "2024-03-15T23:59:59Z", -2},
		{UnitDay, "1969-12-31T12:00:00Z", "1970-01-01T11:59:59Z", 0},
		{UnitDay, "1969-12-31T12:00:00Z", "1970-01-01T12:00:00Z", 1},
		{UnitWeek, "2024-01-01T00:00:00Z", "2024-01-14T23:59:59Z", 1},
		{UnitWeek, "2024-01-01T00:00:00Z", "2024-01-15T00:00:00Z", 2},
		{UnitWeek, "2024-01-15T00:00:00Z", "2024-01-01T00:00:01Z", -1},
		// Calendar months: the day of month and time of day must be reached.
		{UnitMonth, "2023-01-31T00:00:00Z", "2023-02-28T00:00:00Z", 0},
		{UnitMonth, "2024-01-31T00:00:00Z", "2024-02-29T00:00:00Z", 0},
		{UnitMonth, "2023-01-31T00:00:00Z", "2023-03-01T00:00:00Z", 1},
		{UnitMonth, "2023-01-31T00:00:00Z", "2023-03-31T00:00:00Z", 2},
		{UnitMonth, "2023-01-15T10:00:00Z", "2023-02-15T10:00:00Z", 1},
		{UnitMonth, "2023-01-15T10:00:00Z", "2023-02-15T09:59:59.999Z", 0},
		{UnitMonth, "2023-02-28T00:00:00Z", "2023-03-28T00:00:00Z", 1},
		{UnitMonth, "2023-02-28T00:00:00Z", "2023-01-31T00:00:00Z", 0},
		{UnitMonth, "2023-03-31T00:00:00Z", "2023-01-31T00:00:00Z", -2},
		{UnitMonth, "2023-03-01T00:00:00Z", "2023-01-31T00:00:00Z", -1},
		{UnitMonth, "2023-12-31T23:59:59Z", "2024-01-01T00:00:00Z", 0},
		{UnitMonth, "1969-12-15T00:00:00Z", "1970-02-15T00:00:00Z", 2},
		{UnitMonth, "2024-05-05T00:00:00Z", "2024-05-05T00:00:00Z", 0},
		{UnitQuarter, "2023-01-31T00:00:00Z", "2023-04-30T00:00:00Z", 0},
		{UnitQuarter, "2023-01-31T00:00:00Z", "2023-05-01T00:00:00Z", 1},
		{UnitQuarter, "2023-05-01T00:00:00Z", "2023-01-31T00:00:00Z", -1},
		{UnitQuarter, "2023-01-01T00:00:00Z", "2024-12-31T00:00:00Z", 7},
		{UnitYear, "2024-02-29T00:00:00Z", "2025-02-28T23:59:59.999Z", 0},
		{UnitYear, "2024-02-29T00:00:00Z", "2025-03-01T00:00:00Z", 1},
		{UnitYear, "2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z", 4},
		{UnitYear, "2023-12-31T23:59:59Z", "2024-01-01T00:00:00Z", 0},
		{UnitYear, "2025-03-01T00:00:00Z", "2024-02-29T00:00:00Z", -1},
		{UnitYear, "1900-01-01T00:00:00Z", "2000-01-01T00:00:00Z", 100},
	}
	for _, tt := range tests {
		got, ok := DateDiff(tt.unit, dtTS(tt.a), dtTS(tt.b))
		if !ok || got != tt.want {
			t.Errorf("DATEDIFF(%s, %s, %s) = %d, %v; want %d", tt.unit, tt.a, tt.b, got, ok, tt.want)
		}
	}

	// Extremes: only MILLISECOND can overflow.
	if _, ok := DateDiff(UnitMillisecond, math.MinInt64, math.MaxInt64); ok {
		t.Error("DATEDIFF(ms, MinInt64, MaxInt64) should overflow")
	}
	if _, ok := DateDiff(UnitMillisecond, 1, math.MinInt64); ok {
		t.Error("DATEDIFF(ms, 1, MinInt64) should overflow")
	}
	if got, ok := DateDiff(UnitMillisecond, 0, math.MinInt64); !ok || got != math.MinInt64 {
		t.Errorf("DATEDIFF(ms, 0, MinInt64) = %d, %v", got, ok)
	}
	if got, ok := DateDiff(UnitSecond, math.MinInt64, math.MaxInt64); !ok || got != 18446744073709551 {
		t.Errorf("DATEDIFF(second, MinInt64, MaxInt64) = %d, %v", got, ok)
	}
	if got, ok := DateDiff(UnitYear, math.MinInt64, math.MaxInt64); !ok || got != 584554049 {
		t.Errorf("DATEDIFF(year, MinInt64, MaxInt64) = %d, %v", got, ok)
	}
}

// TestDateDiffProperties checks the fixed units against exact big-integer
// division and the calendar units for antisymmetry and monotonicity.
func TestDateDiffProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pick := func() int64 {
		switch r.IntN(4) {
		case 0:
			return int64(r.Uint64())
		case 1:
			return dtEdgeMs[r.IntN(len(dtEdgeMs))]
		default:
			return r.Int64N(4_000_000_000_000) - 1_000_000_000_000
		}
	}
	fixed := map[TimeUnit]int64{UnitSecond: 1000, UnitMinute: 60_000, UnitHour: 3_600_000, UnitDay: 86_400_000, UnitWeek: 604_800_000}
	for range 100_000 {
		a, b := pick(), pick()
		diff := new(big.Int).Sub(big.NewInt(b), big.NewInt(a))
		for u, n := range fixed {
			want := new(big.Int).Quo(diff, big.NewInt(n)) // truncated
			got, ok := DateDiff(u, a, b)
			if !ok || !want.IsInt64() || got != want.Int64() {
				t.Fatalf("DATEDIFF(%s, %d, %d) = %d, %v; want %v", u, a, b, got, ok, want)
			}
		}
		got, ok := DateDiff(UnitMillisecond, a, b)
		if ok != diff.IsInt64() || (ok && got != diff.Int64()) {
			t.Fatalf("DATEDIFF(ms, %d, %d) = %d, %v; want %v", a, b, got, ok, diff)
		}
		for _, u := range []TimeUnit{UnitMonth, UnitQuarter, UnitYear} {
			ab, ok1 := DateDiff(u, a, b)
			ba, ok2 := DateDiff(u, b, a)
			if !ok1 || !ok2 || ab != -ba {
				t.Fatalf("DATEDIFF(%s) not antisymmetric for %d, %d: %d, %d", u, a, b, ab, ba)
			}
		}
		// Whole months never exceed what the elapsed days allow (a month
		// is at least 28 days) and are never fewer than days / 31 - 1.
		m, _ := DateDiff(UnitMonth, min(a, b), max(a, b))
		d := dtDiffFixed(min(a, b), max(a, b), dtMsPerDay)
		if m*28 > d || (m+1)*31 < d {
			t.Fatalf("DATEDIFF(month, %d, %d) = %d for %d days", a, b, m, d)
		}
	}
}

func TestDateTrunc(t *testing.T) {
	tests := []struct {
		unit TimeUnit
		ts   string
		want string
	}{
		// The conformance case 02-functions/05-date-functions.
		{UnitHour, "2024-03-15T09:07:05Z", "2024-03-15T09:00:00Z"},
		{UnitDay, "2024-03-15T23:59:59Z", "2024-03-15T00:00:00Z"},
		{UnitMonth, "2024-02-28T12:00:00Z", "2024-02-01T00:00:00Z"},
		{UnitMonth, "2024-12-31T18:30:00Z", "2024-12-01T00:00:00Z"},
		{UnitDay, "2024-07-04T00:14:59.999Z", "2024-07-04T00:00:00Z"},
		{UnitMillisecond, "2024-07-04T00:14:59.999Z", "2024-07-04T00:14:59.999Z"},
		{UnitSecond, "2024-07-04T00:14:59.999Z", "2024-07-04T00:14:59Z"},
		{UnitMinute, "2024-07-04T00:14:59.999Z", "2024-07-04T00:14:00Z"},
		// Weeks start on Monday (ISO), across month and year ends.
		{UnitWeek, "2024-03-15T09:07:05Z", "2024-03-11T00:00:00Z"},
		{UnitWeek, "2024-03-11T00:00:00Z", "2024-03-11T00:00:00Z"},
		{UnitWeek, "2024-03-17T23:59:59.999Z", "2024-03-11T00:00:00Z"},
		{UnitWeek, "2021-01-03T12:00:00Z", "2020-12-28T00:00:00Z"},
		{UnitWeek, "1970-01-01T00:00:00Z", "1969-12-29T00:00:00Z"},
		{UnitWeek, "1970-01-05T00:00:00Z", "1970-01-05T00:00:00Z"},
		{UnitQuarter, "2024-02-29T13:00:00Z", "2024-01-01T00:00:00Z"},
		{UnitQuarter, "2024-06-30T23:59:59.999Z", "2024-04-01T00:00:00Z"},
		{UnitQuarter, "2024-08-01T00:00:00Z", "2024-07-01T00:00:00Z"},
		{UnitQuarter, "2024-12-31T00:00:00Z", "2024-10-01T00:00:00Z"},
		{UnitYear, "2024-12-31T23:59:59.999Z", "2024-01-01T00:00:00Z"},
		// Before 1970: rounding down.
		{UnitSecond, "1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59Z"},
		{UnitHour, "1969-12-31T23:59:59.999Z", "1969-12-31T23:00:00Z"},
		{UnitDay, "1969-12-31T23:59:59.999Z", "1969-12-31T00:00:00Z"},
		{UnitMonth, "1969-12-31T23:59:59.999Z", "1969-12-01T00:00:00Z"},
		{UnitYear, "1969-12-31T23:59:59.999Z", "1969-01-01T00:00:00Z"},
		{UnitYear, "1600-02-29T12:00:00Z", "1600-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		got, ok := DateTrunc(tt.unit, dtTS(tt.ts))
		if want := dtTS(tt.want); !ok || got != want {
			t.Errorf("DATE_TRUNC(%s, %s) = %s, %v; want %s", tt.unit, tt.ts, scalar.AppendTimestamp(nil, got), ok, tt.want)
		}
	}
	// Near the bottom of the range the start is not representable.
	for u := UnitSecond; u <= UnitYear; u++ {
		if _, ok := DateTrunc(u, math.MinInt64); ok {
			t.Errorf("DATE_TRUNC(%s, MinInt64) should overflow", u)
		}
		if got, ok := DateTrunc(u, math.MaxInt64); !ok || got > math.MaxInt64 || got < math.MaxInt64-366*dtMsPerDay {
			t.Errorf("DATE_TRUNC(%s, MaxInt64) = %d, %v", u, got, ok)
		}
	}
	if got, ok := DateTrunc(UnitMillisecond, math.MinInt64); !ok || got != math.MinInt64 {
		t.Errorf("DATE_TRUNC(ms, MinInt64) = %d, %v", got, ok)
	}
	if got, ok := DateTrunc(UnitSecond, math.MinInt64+808); !ok || got != math.MinInt64+808 {
		t.Errorf("DATE_TRUNC(second, MinInt64+808) = %d, %v; want the value itself (a whole second)", got, ok)
	}
}

func FuzzDateTrunc(f *testing.F) {
	for _, ms := range dtEdgeMs {
		f.Add(ms)
	}
	f.Fuzz(func(t *testing.T, ms int64) {
		for u := UnitMillisecond; u <= UnitYear; u++ {
			tr, ok := DateTrunc(u, ms)
			if !ok {
				if ms > math.MinInt64+400*dtMsPerDay {
					t.Fatalf("DATE_TRUNC(%s, %d) failed", u, ms)
				}
				continue
			}
			if tr > ms {
				t.Fatalf("DATE_TRUNC(%s, %d) = %d is after it", u, ms, tr)
			}
			if again, ok := DateTrunc(u, tr); !ok || again != tr {
				t.Fatalf("DATE_TRUNC(%s) not idempotent at %d: %d then %d", u, ms, tr, again)
			}
			// ms is less than one whole unit after its truncation.
			if d, _ := DateDiff(u, tr, ms); d != 0 {
				t.Fatalf("DATEDIFF(%s, DATE_TRUNC, %d) = %d", u, ms, d)
			}
		}
		if ms > math.MinInt64/2 {
			dtCheckAgainstTime(t, ms)
		}
	})
}

func TestUnixTime(t *testing.T) {
	unix := []struct {
		ms   int64
		want int64
	}{
		{dtTS("2024-03-15T09:07:05Z"), 1710493625},
		{dtTS("2024-07-04T00:14:59.999Z"), 1720052099},
		{0, 0}, {999, 0}, {1000, 1}, {-1, -1}, {-1000, -1}, {-1001, -2},
		{math.MinInt64, -9223372036854776}, {math.MaxInt64, 9223372036854775},
	}
	for _, tt := range unix {
		if got := UnixTimestamp(tt.ms); got != tt.want {
			t.Errorf("UNIX_TIMESTAMP(%d) = %d, want %d", tt.ms, got, tt.want)
		}
	}
	from := []struct {
		s    int64
		want int64
		ok   bool
	}{
		{0, 0, true},
		{1710496800, dtTS("2024-03-15T10:00:00Z"), true},
		{1709251199, dtTS("2024-02-29T23:59:59Z"), true},
		{86399, dtTS("1970-01-01T23:59:59Z"), true},
		{-1, -1000, true},
		{9223372036854775, 9223372036854775000, true},
		{-9223372036854775, -9223372036854775000, true},
		{9223372036854776, 0, false},
		{-9223372036854776, 0, false},
		{math.MaxInt64, 0, false},
		{math.MinInt64, 0, false},
	}
	for _, tt := range from {
		got, ok := FromUnixTime(tt.s)
		if ok != tt.ok || got != tt.want {
			t.Errorf("FROM_UNIXTIME(%d) = %d, %v; want %d, %v", tt.s, got, ok, tt.want, tt.ok)
		}
		if ok && UnixTimestamp(got) != tt.s {
			t.Errorf("UNIX_TIMESTAMP(FROM_UNIXTIME(%d)) = %d", tt.s, UnixTimestamp(got))
		}
	}
	fl := []struct {
		s    float64
		want int64
		ok   bool
	}{
		{0, 0, true},
		{1.5, 1500, true},
		{0.1, 100, true},
		{1.0015, 1002, true},
		{-1.5, -1500, true},
		{-0.0004, 0, true},
		{1710496800.123, 1710496800123, true},
		{9.2e15, 9_200_000_000_000_000_000, true},
		{9.3e15, 0, false},
		{-9.3e15, 0, false},
		{math.NaN(), 0, false},
		{math.Inf(1), 0, false},
		{math.Inf(-1), 0, false},
	}
	for _, tt := range fl {
		got, ok := FromUnixTimeFloat(tt.s)
		if ok != tt.ok || got != tt.want {
			t.Errorf("FROM_UNIXTIME(%v) = %d, %v; want %d, %v", tt.s, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTumble(t *testing.T) {
	const q = 15 * dtMsPerMinute
	tests := []struct {
		ts         string
		size       int64
		start, end string
	}{
		// The conformance case 02-functions/05-date-functions.
		{"2024-03-15T09:07:05Z", q, "2024-03-15T09:00:00Z", "2024-03-15T09:15:00Z"},
		{"2024-03-15T23:59:59Z", q, "2024-03-15T23:45:00Z", "2024-03-16T00:00:00Z"},
		{"2024-02-28T12:00:00Z", q, "2024-02-28T12:00:00Z", "2024-02-28T12:15:00Z"},
		{"2024-12-31T18:30:00Z", q, "2024-12-31T18:30:00Z", "2024-12-31T18:45:00Z"},
		{"2024-07-04T00:14:59.999Z", q, "2024-07-04T00:00:00Z", "2024-07-04T00:15:00Z"},
		{"2024-11-02T14:45:00Z", q, "2024-11-02T14:45:00Z", "2024-11-02T15:00:00Z"},
		// Before 1970 the window still holds ts.
		{"1969-12-31T23:59:59.999Z", q, "1969-12-31T23:45:00Z", "1970-01-01T00:00:00Z"},
		{"1969-12-31T23:45:00Z", q, "1969-12-31T23:45:00Z", "1970-01-01T00:00:00Z"},
		{"1969-12-31T23:44:59.999Z", q, "1969-12-31T23:30:00Z", "1969-12-31T23:45:00Z"},
		// Windows align to the epoch, not to weeks or months.
		{"2024-03-15T09:07:05Z", 7 * dtMsPerDay, "2024-03-14T00:00:00Z", "2024-03-21T00:00:00Z"},
		{"2024-03-15T09:07:05.123Z", 1, "2024-03-15T09:07:05.123Z", "2024-03-15T09:07:05.124Z"},
	}
	for _, tt := range tests {
		ts := dtTS(tt.ts)
		s, ok1 := TumbleStart(ts, tt.size)
		e, ok2 := TumbleEnd(ts, tt.size)
		if !ok1 || !ok2 || s != dtTS(tt.start) || e != dtTS(tt.end) {
			t.Errorf("TUMBLE(%s, %d) = [%s, %s) %v %v; want [%s, %s)", tt.ts, tt.size,
				scalar.AppendTimestamp(nil, s), scalar.AppendTimestamp(nil, e), ok1, ok2, tt.start, tt.end)
		}
	}
	bad := []struct {
		ts, size       int64
		startOK, endOK bool
	}{
		{0, 0, false, false},
		{0, -1000, false, false},
		{math.MinInt64, math.MinInt64, false, false},
		{math.MinInt64, 1000, false, false},
		{math.MinInt64, 1, true, true},
		{math.MaxInt64, 1000, true, false},
		{math.MaxInt64, 1, true, false},
		{math.MaxInt64, math.MaxInt64, true, false},
		{math.MaxInt64 - 1, math.MaxInt64, true, true},
	}
	for _, tt := range bad {
		_, ok1 := TumbleStart(tt.ts, tt.size)
		_, ok2 := TumbleEnd(tt.ts, tt.size)
		if ok1 != tt.startOK || ok2 != tt.endOK {
			t.Errorf("TUMBLE(%d, %d) ok = %v, %v; want %v, %v", tt.ts, tt.size, ok1, ok2, tt.startOK, tt.endOK)
		}
	}
}

func FuzzTumble(f *testing.F) {
	f.Add(int64(0), int64(900_000))
	f.Add(int64(-1), int64(900_000))
	f.Add(int64(math.MinInt64), int64(1000))
	f.Add(int64(math.MaxInt64), int64(7))
	f.Fuzz(func(t *testing.T, ts, size int64) {
		s, ok1 := TumbleStart(ts, size)
		e, ok2 := TumbleEnd(ts, size)
		if size <= 0 {
			if ok1 || ok2 {
				t.Fatalf("TUMBLE(%d, %d) accepted a size <= 0", ts, size)
			}
			return
		}
		// Exact window by big integers: start = floor(ts/size)*size.
		bs := new(big.Int).Mul(new(big.Int).Div(big.NewInt(ts), big.NewInt(size)), big.NewInt(size)) // Div is Euclidean: floor for size > 0
		be := new(big.Int).Add(bs, big.NewInt(size))
		if ok1 != bs.IsInt64() || (ok1 && s != bs.Int64()) {
			t.Fatalf("TUMBLE_START(%d, %d) = %d, %v; want %v", ts, size, s, ok1, bs)
		}
		if ok2 != (ok1 && be.IsInt64()) || (ok2 && e != be.Int64()) {
			t.Fatalf("TUMBLE_END(%d, %d) = %d, %v; want %v", ts, size, e, ok2, be)
		}
		if ok1 && ok2 && !(s <= ts && ts < e) {
			t.Fatalf("%d not in [%d, %d)", ts, s, e)
		}
	})
}

// TestConformanceRows reproduces the date columns of the conformance
// cases 02-functions/04-extract and 05-date-functions from their input
// rows (copied here so the test does not read ../shared).
func TestConformanceRows(t *testing.T) {
	extractIn := []struct{ ts, precise string }{
		{"2024-01-01T00:00:00Z", "2024-01-01T00:00:00.007Z"},
		{"2024-02-29T13:45:30Z", "2024-02-29T13:45:00.250Z"},
		{"2024-06-30T23:59:59Z", "2024-06-30T23:59:00.999Z"},
		{"2023-01-01T12:00:00Z", "2023-01-01T12:00:00.500Z"},
		{"2024-12-31T08:05:09Z", "2024-12-31T08:05:00.001Z"},
		{"2023-10-15T06:30:45Z", "2023-10-15T06:30:00.000Z"},
	}
	extractOut := []string{
		"1,2024,1,1,1,1,1,1,0,0,0,7,1704067200",
		"2,2024,1,2,9,29,4,60,13,45,30,250,1709214330",
		"3,2024,2,6,26,30,0,182,23,59,59,999,1719791999",
		"4,2023,1,1,52,1,0,1,12,0,0,500,1672574400",
		"5,2024,4,12,1,31,2,366,8,5,9,1,1735632309",
		"6,2023,4,10,41,15,0,288,6,30,45,0,1697351445",
	}
	for i, in := range extractIn {
		ts, ok1 := scalar.ParseTimestamp([]byte(in.ts))
		precise, ok2 := scalar.ParseTimestamp([]byte(in.precise))
		if !ok1 || !ok2 {
			t.Fatal("bad input")
		}
		b := dtAppendInt(nil, int64(i+1))
		for _, u := range []TimeUnit{UnitYear, UnitQuarter, UnitMonth, UnitWeek, UnitDay, UnitDOW, UnitDOY, UnitHour, UnitMinute, UnitSecond} {
			b = dtAppendInt(append(b, ','), Extract(u, ts))
		}
		b = dtAppendInt(append(b, ','), ExtractMillisecond(precise))
		b = dtAppendInt(append(b, ','), ExtractEpoch(ts))
		if string(b) != extractOut[i] {
			t.Errorf("04-extract row %d:\n got %s\nwant %s", i+1, b, extractOut[i])
		}
	}

	tripsIn := []struct {
		start, end string
		epoch      int64
	}{
		{"2024-03-15T09:07:05Z", "2024-03-15T11:06:05Z", 0},
		{"2024-03-15T23:59:59Z", "2024-03-18T03:00:00Z", 1710496800},
		{"2024-02-28T12:00:00Z", "2024-03-01T12:00:00Z", 1709251199},
		{"2024-12-31T18:30:00Z", "2024-12-31T18:30:30Z", 86399},
		{"2024-07-04T00:14:59.999Z", "2024-07-05T00:14:59.999Z", 1720051200},
		{"2024-11-02T14:45:00Z", "2024-11-02T16:44:59Z", 1730558700},
	}
	tripsOut := []string{
		"1,2024-03-15 09:07:05,Fri Mar 075 AM %,119,1,0,2024-03-15T09:00:00.000Z,2024-03-15T00:00:00.000Z,2024-03-01T00:00:00.000Z,1710493625,1970-01-01T00:00:00.000Z,2024-03-15T09:00:00.000Z,2024-03-15T09:15:00.000Z",
		"2,2024-03-15 23:59:59,Fri Mar 075 PM %,3060,51,2,2024-03-15T23:00:00.000Z,2024-03-15T00:00:00.000Z,2024-03-01T00:00:00.000Z,1710547199,2024-03-15T10:00:00.000Z,2024-03-15T23:45:00.000Z,2024-03-16T00:00:00.000Z",
		"3,2024-02-28 12:00:00,Wed Feb 059 PM %,2880,48,2,2024-02-28T12:00:00.000Z,2024-02-28T00:00:00.000Z,2024-02-01T00:00:00.000Z,1709121600,2024-02-29T23:59:59.000Z,2024-02-28T12:00:00.000Z,2024-02-28T12:15:00.000Z",
		"4,2024-12-31 18:30:00,Tue Dec 366 PM %,0,0,0,2024-12-31T18:00:00.000Z,2024-12-31T00:00:00.000Z,2024-12-01T00:00:00.000Z,1735669800,1970-01-01T23:59:59.000Z,2024-12-31T18:30:00.000Z,2024-12-31T18:45:00.000Z",
		"5,2024-07-04 00:14:59,Thu Jul 186 AM %,1440,24,1,2024-07-04T00:00:00.000Z,2024-07-04T00:00:00.000Z,2024-07-01T00:00:00.000Z,1720052099,2024-07-04T00:00:00.000Z,2024-07-04T00:00:00.000Z,2024-07-04T00:15:00.000Z",
		"6,2024-11-02 14:45:00,Sat Nov 307 PM %,119,1,0,2024-11-02T14:00:00.000Z,2024-11-02T00:00:00.000Z,2024-11-01T00:00:00.000Z,1730558700,2024-11-02T14:45:00.000Z,2024-11-02T14:45:00.000Z,2024-11-02T15:00:00.000Z",
	}
	basic := MustCompileDateFormat("%Y-%m-%d %H:%M:%S")
	names := MustCompileDateFormat("%a %b %j %p %%")
	must := func(v int64, ok bool) int64 {
		if !ok {
			t.Fatal("unexpected overflow")
		}
		return v
	}
	for i, in := range tripsIn {
		start, ok1 := scalar.ParseTimestamp([]byte(in.start))
		end, ok2 := scalar.ParseTimestamp([]byte(in.end))
		if !ok1 || !ok2 {
			t.Fatal("bad input")
		}
		b := dtAppendInt(nil, int64(i+1))
		b = basic.Append(append(b, ','), start)
		b = names.Append(append(b, ','), start)
		for _, u := range []TimeUnit{UnitMinute, UnitHour, UnitDay} {
			b = dtAppendInt(append(b, ','), must(DateDiff(u, start, end)))
		}
		for _, u := range []TimeUnit{UnitHour, UnitDay, UnitMonth} {
			b = scalar.AppendTimestamp(append(b, ','), must(DateTrunc(u, start)))
		}
		b = dtAppendInt(append(b, ','), UnixTimestamp(start))
		b = scalar.AppendTimestamp(append(b, ','), must(FromUnixTime(in.epoch)))
		b = scalar.AppendTimestamp(append(b, ','), must(TumbleStart(start, 15*dtMsPerMinute)))
		b = scalar.AppendTimestamp(append(b, ','), must(TumbleEnd(start, 15*dtMsPerMinute)))
		if string(b) != tripsOut[i] {
			t.Errorf("05-date-functions row %d:\n got %s\nwant %s", i+1, b, tripsOut[i])
		}
	}
}

func dtAppendInt(b []byte, v int64) []byte { return scalar.AppendInt(b, v) }

func TestExtractDoesNotAllocate(t *testing.T) {
	ms := dtTS("2024-02-29T13:45:30.250Z")
	var sink int64
	allocs := testing.AllocsPerRun(100, func() {
		for u := UnitMillisecond; u <= UnitEpoch; u++ {
			sink += Extract(u, ms)
		}
		for u := UnitMillisecond; u <= UnitYear; u++ {
			v, _ := DateDiff(u, ms, ms+123456789)
			w, _ := DateTrunc(u, ms)
			sink += v + w
		}
		s, _ := TumbleStart(ms, 60_000)
		e, _ := TumbleEnd(ms, 60_000)
		sink += s + e + UnixTimestamp(ms)
	})
	if allocs != 0 {
		t.Errorf("date functions allocate: %v allocs/run", allocs)
	}
	_ = sink
}

var dtSink int64

func BenchmarkExtract(b *testing.B) {
	ms := dtTS("2024-02-29T13:45:30.250Z")
	for _, u := range []TimeUnit{UnitYear, UnitWeek, UnitDOY, UnitHour, UnitEpoch} {
		b.Run(u.String(), func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				dtSink += Extract(u, ms+int64(i))
			}
		})
	}
	b.Run("ExtractYear-direct", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			dtSink += ExtractYear(ms + int64(i))
		}
	})
	b.Run("ExtractHour-direct", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			dtSink += ExtractHour(ms + int64(i))
		}
	})
}

func BenchmarkDateDiffTrunc(b *testing.B) {
	ms := dtTS("2024-02-29T13:45:30.250Z")
	for _, u := range []TimeUnit{UnitHour, UnitWeek, UnitMonth} {
		b.Run("DateDiff-"+u.String(), func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				v, _ := DateDiff(u, ms, ms+int64(i)*1000)
				dtSink += v
			}
		})
		b.Run("DateTrunc-"+u.String(), func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				v, _ := DateTrunc(u, ms+int64(i))
				dtSink += v
			}
		})
	}
}
