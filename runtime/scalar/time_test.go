package scalar

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

func ms(s string) int64 {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"2024-01-01T10:00:00Z", ms("2024-01-01T10:00:00Z"), true},
		{"2024-01-01T10:00:00", ms("2024-01-01T10:00:00Z"), true},
		{"2024-01-01 10:00:00", ms("2024-01-01T10:00:00Z"), true},
		{"2024-01-01t10:00:00z", ms("2024-01-01T10:00:00Z"), true},
		{"2024-01-01T10:00", ms("2024-01-01T10:00:00Z"), true},
		{"2024-01-01T10:00Z", ms("2024-01-01T10:00:00Z"), true},
		{"2024-01-01T10:00+01:00", ms("2024-01-01T09:00:00Z"), true},
		{"2024-01-01", ms("2024-01-01T00:00:00Z"), true},
		{"2024-01-01T10:00:00.5Z", ms("2024-01-01T10:00:00.5Z"), true},
		{"2024-01-01T10:00:00.12Z", ms("2024-01-01T10:00:00.12Z"), true},
		{"2024-01-01T10:00:00.123Z", ms("2024-01-01T10:00:00.123Z"), true},
		{"2024-01-01T10:00:00.123999999Z", ms("2024-01-01T10:00:00.123Z"), true},
		{"2024-01-01T10:00:00.1239999999999999Z", ms("2024-01-01T10:00:00.123Z"), true},
		{"2024-01-01T10:00:00,25", ms("2024-01-01T10:00:00.25Z"), true},
		{"2024-01-01T10:00:00+02:00", ms("2024-01-01T08:00:00Z"), true},
		{"2024-01-01T10:00:00+0200", ms("2024-01-01T08:00:00Z"), true},
		{"2024-01-01T10:00:00+02", ms("2024-01-01T08:00:00Z"), true},
		{"2024-01-01T10:00:00-05:30", ms("2024-01-01T15:30:00Z"), true},
		{"2024-01-01T00:00:00+00:00", ms("2024-01-01T00:00:00Z"), true},
		{"2024-01-01T00:30:00+01:00", ms("2023-12-31T23:30:00Z"), true},
		{"2024-02-29T23:59:59.999Z", ms("2024-02-29T23:59:59.999Z"), true},
		{"1969-12-31T23:59:59.999Z", -1, true},
		{"1900-01-01T00:00:00Z", ms("1900-01-01T00:00:00Z"), true},
		{"0000-01-01T00:00:00Z", ms("0000-01-01T00:00:00Z"), true},
		{"9999-12-31T23:59:59.999Z", ms("9999-12-31T23:59:59.999Z"), true},
		{"1704103200000", 1704103200000, true},
		{"0", 0, true},
		{"-1000", -1000, true},
		{"17041032000000000000000", 0, false},
		{"", 0, false},
		{"2024-1-01", 0, false},
		{"2024-13-01", 0, false},
		{"2024-00-01", 0, false},
		{"2023-02-29", 0, false},
		{"1900-02-29", 0, false},
		{"2000-02-29", ms("2000-02-29T00:00:00Z"), true},
		{"2024-04-31", 0, false},
		{"2024-01-00", 0, false},
		{"2024-01-01T", 0, false},
		{"2024-01-01T10", 0, false},
		{"2024-01-01T10:0", 0, false},
		{"2024-01-01T24:00:00", 0, false},
		{"2024-01-01T10:60:00", 0, false},
		{"2024-01-01T10:00:60", 0, false},
		{"2024-01-01T10:00:0", 0, false},
		{"2024-01-01T10:00:00.", 0, false},
		{"2024-01-01T10:00:00.Z", 0, false},
		{"2024-01-01T10:00.5", 0, false},
		{"2024-01-01T10:00:00ZZ", 0, false},
		{"2024-01-01T10:00:00+2", 0, false},
		{"2024-01-01T10:00:00+24:00", 0, false},
		{"2024-01-01T10:00:00+01:60", 0, false},
		{"2024-01-01T10:00:00+01:0", 0, false},
		{"2024-01-01T10:00:00+01:000", 0, false},
		{"2024-01-01T10:00:00 +01:00", 0, false},
		{"2024-01-01X10:00:00", 0, false},
		{"2024-01-01T10:00:00 ", 0, false},
		{" 2024-01-01", 0, false},
		{"20240101", 20240101, true},
		{"abcd-ef-gh", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseTimestamp([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseTimestamp(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want int32
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"1970-01-02", 1, true},
		{"1969-12-31", -1, true},
		{"2024-01-01", 19723, true},
		{"2000-03-01", 11017, true},
		{"0000-03-01", -719468, true},
		{"2024-02-30", 0, false},
		{"2024-01-01T00:00:00", 0, false},
		{"24-01-01", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseDate([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseDate(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

const tsLayout = "2006-01-02T15:04:05.000Z"

func TestAppendTimestamp(t *testing.T) {
	tests := []struct {
		ms   int64
		want string
	}{
		{0, "1970-01-01T00:00:00.000Z"},
		{-1, "1969-12-31T23:59:59.999Z"},
		{1704103200000, "2024-01-01T10:00:00.000Z"},
		{1704103200123, "2024-01-01T10:00:00.123Z"},
		{ms("0000-01-01T00:00:00Z"), "0000-01-01T00:00:00.000Z"},
		{ms("0000-01-01T00:00:00Z") - 1, "-0001-12-31T23:59:59.999Z"},
		{ms("9999-12-31T23:59:59.999Z") + 1, "10000-01-01T00:00:00.000Z"},
	}
	for _, tt := range tests {
		if got := string(AppendTimestamp(nil, tt.ms)); got != tt.want {
			t.Errorf("AppendTimestamp(%d) = %q, want %q", tt.ms, got, tt.want)
		}
	}
	// Every int64 is formatted as time.Format does, extremes included.
	for _, v := range []int64{math.MinInt64, math.MinInt64 + 1, math.MaxInt64, math.MaxInt64 - 1,
		-62135596800000, -62135596800001, 253402300800000, 253402300799999, -86400000, 86399999} {
		want := time.UnixMilli(v).UTC().Format(tsLayout)
		if got := string(AppendTimestamp(nil, v)); got != want {
			t.Errorf("AppendTimestamp(%d) = %q, want %q", v, got, want)
		}
	}
}

// TestTimestampProperty checks AppendTimestamp, AppendDate, ParseTimestamp
// and ParseDate against the time package on random instants ±300 years
// around the epoch, and that text round-trips.
func TestTimestampProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const span = 300 * 366 * msPerDay
	layouts := []string{
		"2006-01-02T15:04:05.000Z07:00",
		"2006-01-02T15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.000-0700",
		"2006-01-02T15:04:05-07",
		"2006-01-02T15:04Z07:00",
	}
	var buf []byte
	for range 300_000 {
		v := r.Int64N(2*span) - span
		tm := time.UnixMilli(v).UTC()
		buf = AppendTimestamp(buf[:0], v)
		if want := tm.Format(tsLayout); string(buf) != want {
			t.Fatalf("AppendTimestamp(%d) = %q, want %q", v, buf, want)
		}
		if got, ok := ParseTimestamp(buf); !ok || got != v {
			t.Fatalf("ParseTimestamp(%q) = %d, %v; want %d", buf, got, ok, v)
		}
		days := int32(floorDiv(v, msPerDay))
		buf = AppendDate(buf[:0], days)
		if want := tm.Format("2006-01-02"); string(buf) != want {
			t.Fatalf("AppendDate(%d) = %q, want %q", days, buf, want)
		}
		if got, ok := ParseDate(buf); !ok || got != days {
			t.Fatalf("ParseDate(%q) = %d, %v; want %d", buf, got, ok, days)
		}
		// Parse the same instant written in another zone and layout.
		zone := time.FixedZone("", (r.IntN(47)-23)*3600+r.IntN(2)*1800)
		layout := layouts[r.IntN(len(layouts))]
		text := tm.In(zone).Format(layout)
		pt, err := time.Parse(layout, text)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := ParseTimestamp([]byte(text)); !ok || got != pt.UnixMilli() {
			t.Fatalf("ParseTimestamp(%q) = %d, %v; want %d", text, got, ok, pt.UnixMilli())
		}
	}
}

func TestAppendDate(t *testing.T) {
	for _, d := range []int32{0, -1, 19723, math.MaxInt32, math.MinInt32, -719528, -719529} {
		want := time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
		if got := string(AppendDate(nil, d)); got != want {
			t.Errorf("AppendDate(%d) = %q, want %q", d, got, want)
		}
	}
}

// FuzzParseTimestamp checks that ParseTimestamp never panics, and that
// whatever it accepts in ISO form time.Parse accepts with the same instant.
func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2024-01-01T10:00:00Z", "2024-01-01 10:00:00.123456+05:30",
		"2024-01-01", "1704103200000", "2024-02-29T23:59:59-0800", "2024-01-01T10:00+01",
		"-5", "9999-12-31T23:59:59.999999999Z"} {
		f.Add(s)
	}
	layouts := []string{
		"2006-01-02",
		"2006-01-02T15:04:05Z07:00",
		"2006-01-02T15:04:05",
		"2006-01-02T15:04:05-0700",
		"2006-01-02T15:04:05-07",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04",
		"2006-01-02T15:04-0700",
		"2006-01-02T15:04-07",
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseTimestamp([]byte(s))
		if !ok {
			return
		}
		if len(s) < 10 || s[4] != '-' {
			if want, err := strconv.ParseInt(s, 10, 64); err != nil || want != got {
				t.Fatalf("ParseTimestamp(%q) = %d; epoch reference %d, %v", s, got, want, err)
			}
			return
		}
		// time.Parse wants 'T', 'Z' and '.'.
		norm := []byte(s)
		if len(norm) > 10 {
			norm[10] = 'T'
		}
		n := strings.NewReplacer("z", "Z", ",", ".").Replace(string(norm))
		for _, l := range layouts {
			tm, err := time.Parse(l, n)
			if err == nil {
				if tm.UnixMilli() != got {
					t.Fatalf("ParseTimestamp(%q) = %d; time.Parse(%q) gives %d", s, got, l, tm.UnixMilli())
				}
				return
			}
		}
		t.Fatalf("ParseTimestamp(%q) = %d, but time.Parse accepts it with no layout", s, got)
	})
}
