package sqlfn

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDateFormatDirectives(t *testing.T) {
	type want map[string]string // directive → output
	tests := []struct {
		ts   string
		want want
	}{
		{"2024-03-15T09:07:05.042Z", want{
			"%Y": "2024", "%m": "03", "%d": "15", "%H": "09", "%M": "07", "%S": "05", "%f": "042",
			"%j": "075", "%a": "Fri", "%b": "Mar", "%p": "AM", "%%": "%",
			"%y": "24", "%e": "15", "%I": "09", "%A": "Friday", "%B": "March", "%h": "Mar",
			"%u": "5", "%w": "5", "%V": "11", "%G": "2024", "%s": "1710493625",
			"%F": "2024-03-15", "%T": "09:07:05", "%R": "09:07", "%D": "03/15/24",
			"%z": "+0000", "%Z": "UTC", "%n": "\n", "%t": "\t",
		}},
		{"2021-01-03T23:59:59.999Z", want{ // a Sunday in ISO week 53 of 2020
			"%Y": "2021", "%m": "01", "%d": "03", "%H": "23", "%M": "59", "%S": "59", "%f": "999",
			"%j": "003", "%a": "Sun", "%b": "Jan", "%p": "PM", "%y": "21", "%e": " 3", "%I": "11",
			"%A": "Sunday", "%B": "January", "%u": "7", "%w": "0", "%V": "53", "%G": "2020",
			"%s": "1609718399",
		}},
		{"2024-12-31T12:00:00Z", want{ // noon is PM and 12; Dec 31 in week 1 of 2025
			"%j": "366", "%p": "PM", "%I": "12", "%H": "12", "%a": "Tue", "%V": "01", "%G": "2025",
			"%B": "December", "%b": "Dec",
		}},
		{"2024-02-29T00:00:00Z", want{ // midnight is AM and 12
			"%j": "060", "%p": "AM", "%I": "12", "%H": "00", "%e": "29", "%A": "Thursday",
		}},
		{"2024-02-29T11:59:59.999Z", want{"%p": "AM", "%I": "11"}},
		{"1969-12-31T23:59:59.999Z", want{ // before 1970: floor, not truncation
			"%Y": "1969", "%m": "12", "%d": "31", "%H": "23", "%M": "59", "%S": "59", "%f": "999",
			"%j": "365", "%a": "Wed", "%s": "-1", "%y": "69", "%V": "01", "%G": "1970", "%u": "3",
		}},
		{"0005-06-07T08:09:10.011Z", want{"%Y": "0005", "%y": "05", "%F": "0005-06-07", "%G": "0005"}},
		{"0000-01-01T00:00:00Z", want{"%Y": "0000", "%y": "00", "%a": "Sat", "%G": "-0001", "%V": "52"}},
	}
	for _, tt := range tests {
		ms := dtTS(tt.ts)
		for dir, w := range tt.want {
			f, err := CompileDateFormat(dir)
			if err != nil {
				t.Fatalf("CompileDateFormat(%q): %v", dir, err)
			}
			if got := f.Format(ms); got != w {
				t.Errorf("DATE_FORMAT(%s, %q) = %q, want %q", tt.ts, dir, got, w)
			}
		}
	}
	// Every directive of DateFormatDirectives is exercised above.
	for _, d := range strings.Fields(DateFormatDirectives) {
		if _, ok := tests[0].want[d]; !ok {
			t.Errorf("directive %s has no test", d)
		}
	}
}

func TestDateFormatPatterns(t *testing.T) {
	tests := []struct {
		pattern string
		ms      int64
		want    string
	}{
		// The conformance case 02-functions/05-date-functions.
		{"%Y-%m-%d %H:%M:%S", dtTS("2024-07-04T00:14:59.999Z"), "2024-07-04 00:14:59"},
		{"%a %b %j %p %%", dtTS("2024-12-31T18:30:00Z"), "Tue Dec 366 PM %"},
		{"%a %b %j %p %%", dtTS("2024-03-15T09:07:05Z"), "Fri Mar 075 AM %"},
		{"", 0, ""},
		{"no directives", 0, "no directives"},
		{"%%Y", 0, "%Y"},
		{"%%%Y%%", 0, "%1970%"},
		{"%Y%m%d", dtTS("2024-01-02T00:00:00Z"), "20240102"},
		{"%Y-%m-%dT%H:%M:%S.%fZ", dtTS("2024-02-29T13:45:30.25Z"), "2024-02-29T13:45:30.250Z"},
		{"[%F %T]", dtTS("2024-02-29T13:45:30.25Z"), "[2024-02-29 13:45:30]"},
		{"%I:%M %p", dtTS("2024-02-29T13:45:30Z"), "01:45 PM"},
		{"é %d ☕", dtTS("2024-02-29T13:45:30Z"), "é 29 ☕"},
		{"%Y", math.MaxInt64, "292278994"},
		{"%Y-%m-%d %H:%M:%S.%f", math.MinInt64, "-292275055-05-16 16:47:04.192"},
		{"%Y-%m-%d", dtTS("9999-12-31T23:59:59.999Z") + 1, "10000-01-01"},
		{"%y", dtTS("0000-01-01T00:00:00Z") - 1, "99"},
		{"%s", math.MinInt64, "-9223372036854776"},
	}
	for _, tt := range tests {
		f, err := CompileDateFormat(tt.pattern)
		if err != nil {
			t.Fatalf("CompileDateFormat(%q): %v", tt.pattern, err)
		}
		if got := f.Format(tt.ms); got != tt.want {
			t.Errorf("DATE_FORMAT(%d, %q) = %q, want %q", tt.ms, tt.pattern, got, tt.want)
		}
		if got := string(f.Append([]byte("x"), tt.ms)); got != "x"+tt.want {
			t.Errorf("Append(%q) = %q", tt.pattern, got)
		}
		if f.String() != tt.pattern {
			t.Errorf("String() = %q, want %q", f.String(), tt.pattern)
		}
	}
	if got := (DateFormat{}).Format(0); got != "" {
		t.Errorf("zero DateFormat writes %q", got)
	}
}

func TestDateFormatErrors(t *testing.T) {
	for _, p := range []string{"%", "abc%", "%Y%", "%q", "%Y-%E", "%L", "%%%", "% Y", "%é"} {
		if _, err := CompileDateFormat(p); err == nil {
			t.Errorf("CompileDateFormat(%q) accepted", p)
		} else if !strings.Contains(err.Error(), "DATE_FORMAT") {
			t.Errorf("CompileDateFormat(%q) error %q does not say DATE_FORMAT", p, err)
		}
	}
	_, err := CompileDateFormat("%Y-%Q")
	if err == nil || !strings.Contains(err.Error(), "%Q") || !strings.Contains(err.Error(), "%Y %m") {
		t.Errorf("error for %%Q = %v; want it to name %%Q and list the directives", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustCompileDateFormat of an invalid pattern did not panic")
		}
	}()
	MustCompileDateFormat("%q")
}

// TestDateFormatMatchesTimePackage compares the directives the time
// package can also write, for years 0-9999.
func TestDateFormatMatchesTimePackage(t *testing.T) {
	f := MustCompileDateFormat("%Y-%m-%d %H:%M:%S.%f|%y %e %I %p|%a %A %b %B|%j|%u %w %V %G|%s")
	r := rand.New(rand.NewPCG(5, 6))
	lo, hi := dtTS("0000-01-01T00:00:00Z"), dtTS("9999-12-31T23:59:59.999Z")
	var buf []byte
	for i := range 200_000 {
		ms := lo + r.Int64N(hi-lo+1)
		if i < len(dtEdgeMs) && dtEdgeMs[i] >= lo && dtEdgeMs[i] <= hi {
			ms = dtEdgeMs[i]
		}
		tm := time.UnixMilli(ms).UTC()
		isoY, isoW := tm.ISOWeek()
		wd := int(tm.Weekday())
		u := (wd+6)%7 + 1
		want := tm.Format("2006-01-02 15:04:05.000|06 _2 03 PM|Mon Monday Jan January|002|") +
			string(rune('0'+u)) + " " + string(rune('0'+wd)) + " " +
			string([]byte{byte('0' + isoW/10), byte('0' + isoW%10)}) + " " +
			time.Date(isoY, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") + "|" +
			dtItoa(tm.Unix())
		buf = f.Append(buf[:0], ms)
		if string(buf) != want {
			t.Fatalf("DATE_FORMAT(%d):\n got %s\nwant %s", ms, buf, want)
		}
	}
}

func dtItoa(v int64) string { return string(dtAppendInt(nil, v)) }

func TestDateFormatCache(t *testing.T) {
	var c DateFormatCache
	ms := dtTS("2024-03-15T09:07:05Z")
	for range 3 {
		s, err := c.Format("%Y/%m/%d", ms)
		if err != nil || s != "2024/03/15" {
			t.Fatalf("Format = %q, %v", s, err)
		}
	}
	first := c.last.Load()
	if _, err := c.Compile("%Y/%m/%d"); err != nil || c.last.Load() != first {
		t.Error("the same pattern was compiled again")
	}
	if s, err := c.Format("%H", ms); err != nil || s != "09" {
		t.Errorf("Format(%%H) = %q, %v", s, err)
	}
	for range 2 {
		if _, err := c.Format("%Q", ms); err == nil {
			t.Error("Format(%Q) accepted")
		}
	}
	if s, err := c.Format("%Y/%m/%d", ms); err != nil || s != "2024/03/15" {
		t.Errorf("Format after an error = %q, %v", s, err)
	}

	// The pattern may view a buffer that is overwritten afterwards.
	buf := []byte("%Y!")
	f, err := c.Compile(View(buf))
	copy(buf, "%m?")
	if err != nil || f.Format(ms) != "2024!" || f.String() != "%Y!" {
		t.Errorf("compiled pattern changed with its buffer: %q, %q, %v", f.Format(ms), f.String(), err)
	}
	if s, _ := c.Format(View(buf), ms); s != "03?" {
		t.Errorf("new pattern in the same buffer = %q, want 03?", s)
	}

	// Concurrent use (run with -race).
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := []string{"%Y", "%m", "%d", "%H"}[g%4]
			for range 1000 {
				s, err := c.Format(p, ms)
				if err != nil || len(s) == 0 {
					t.Errorf("concurrent Format(%q) = %q, %v", p, s, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestDateFormatDoesNotAllocate(t *testing.T) {
	f := MustCompileDateFormat("%Y-%m-%d %H:%M:%S.%f %a %A %b %B %j %p %V %G %s %y %e %I %u %w %%")
	ms := dtTS("2024-02-29T13:45:30.250Z")
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { buf = f.Append(buf[:0], ms) }); n != 0 {
		t.Errorf("Append allocates %v times", n)
	}
	short := MustCompileDateFormat("%Y-%m-%d %H:%M:%S.%f %a %b %j %p")
	if n := testing.AllocsPerRun(100, func() { _ = short.Format(ms) }); n != 1 {
		t.Errorf("Format allocates %v times, want 1 (the string)", n)
	}
	var c DateFormatCache
	c.Compile("%Y-%m-%d")
	if n := testing.AllocsPerRun(100, func() { f, _ := c.Compile("%Y-%m-%d"); buf = f.Append(buf[:0], ms) }); n != 0 {
		t.Errorf("a cache hit allocates %v times", n)
	}
}

func BenchmarkDateFormat(b *testing.B) {
	ms := dtTS("2024-02-29T13:45:30.250Z")
	for _, p := range []string{"%Y-%m-%d %H:%M:%S", "%a %b %j %p %%", "%Y-%m-%dT%H:%M:%S.%fZ"} {
		f := MustCompileDateFormat(p)
		b.Run("Append/"+p, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 64)
			for i := range b.N {
				buf = f.Append(buf[:0], ms+int64(i))
			}
		})
		b.Run("Format/"+p, func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				_ = f.Format(ms + int64(i))
			}
		})
	}
	b.Run("Cache/%Y-%m-%d %H:%M:%S", func(b *testing.B) {
		b.ReportAllocs()
		var c DateFormatCache
		buf := make([]byte, 0, 64)
		for i := range b.N {
			f, _ := c.Compile("%Y-%m-%d %H:%M:%S")
			buf = f.Append(buf[:0], ms+int64(i))
		}
	})
	b.Run("time.Format/2006-01-02 15:04:05", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 64)
		for i := range b.N {
			buf = time.UnixMilli(ms+int64(i)).UTC().AppendFormat(buf[:0], "2006-01-02 15:04:05")
		}
	})
}
