package sqlfn

import "testing"

func TestTimeParser(t *testing.T) {
	tests := []struct {
		pattern, in string
		want        string // "" when it must not parse
	}{
		{"%Y-%m-%d %H:%M:%S", "2024-03-01 10:20:30", "2024-03-01T10:20:30.000Z"},
		{"%d/%m/%Y %H:%M", "01/03/2024 10:20", "2024-03-01T10:20:00.000Z"},
		{"%Y-%m-%dT%H:%M:%S.%f%z", "2024-03-01T10:20:30.5+0100", "2024-03-01T09:20:30.500Z"},
		{"%Y-%m-%dT%H:%M:%S.%f%z", "2024-03-01T10:20:30.123456Z", "2024-03-01T10:20:30.123Z"},
		{"%F %T", "1969-12-31 23:59:59", "1969-12-31T23:59:59.000Z"},
		{"%b %e %Y %I:%M %p", "Mar  1 2024 10:20 PM", "2024-03-01T22:20:00.000Z"},
		{"%b %e %Y %I:%M %p", "mar 1 2024 12:05 AM", "2024-03-01T00:05:00.000Z"},
		{"%y%m%d", "240301", "2024-03-01T00:00:00.000Z"},
		{"%y%m%d", "690301", "1969-03-01T00:00:00.000Z"},
		{"%Y.%j", "2024.061", "2024-03-01T00:00:00.000Z"},
		{"%s", "1709288430", "2024-03-01T10:20:30.000Z"},
		{"%Y-%m-%d %Z", "2024-03-01 UTC", "2024-03-01T00:00:00.000Z"},
		{"%Y-%m-%d", "2024-04-31", ""},
		{"%Y-%m-%d", "2024-13-01", ""},
		{"%Y-%m-%d", "2024-03-01x", ""},
		{"%Y-%m-%d", "2024/03/01", ""},
		{"%H:%M", "24:00", ""},
		{"%Y-%m-%d", "", ""},
	}
	for _, tt := range tests {
		p, err := CompileTimeParser(tt.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tt.pattern, err)
		}
		ms, ok := p.Parse(tt.in)
		got := ""
		if ok {
			got = TimestampText(ms)
		}
		if got != tt.want {
			t.Errorf("Parse(%q, %q) = %q, want %q", tt.pattern, tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"%Y-%q", "%Y %", "%a"} {
		if _, err := CompileTimeParser(bad); err == nil {
			t.Errorf("CompileTimeParser(%q) should fail", bad)
		}
	}
}

// TestTimeParserRoundTrip parses what DateFormat writes.
func TestTimeParserRoundTrip(t *testing.T) {
	const pattern = "%Y-%m-%d %H:%M:%S.%f"
	f := MustCompileDateFormat(pattern)
	p := MustCompileTimeParser(pattern)
	for ms := int64(-5e12); ms < 5e12; ms += 7_777_777_777 {
		got, ok := p.Parse(f.Format(ms))
		if !ok || got != ms {
			t.Fatalf("%d: formatted %q, parsed back %d, %v", ms, f.Format(ms), got, ok)
		}
	}
}

func FuzzTimeParser(f *testing.F) {
	f.Add("%Y-%m-%d %H:%M:%S", "2024-03-01 10:20:30")
	f.Add("%b %e %Y %I:%M %p %z", "Mar  1 2024 10:20 PM +0530")
	f.Fuzz(func(t *testing.T, pattern, in string) {
		p, err := CompileTimeParser(pattern)
		if err != nil {
			return
		}
		p.Parse(in) // must not panic
	})
}
