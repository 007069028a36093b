package scalar

import (
	"strconv"
	"testing"
)

// FuzzParseFloat checks that ParseFloat never panics and agrees with
// strconv.ParseFloat, and that AppendFloat's text reads back.
func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{"0", "-1.5", "1e3", ".5", "NaN", "-Infinity", "0x1p-2",
		"123456789012345678901234567890", "1e400", "4.9e-324", "1_0", "+.e1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseFloat([]byte(s))
		want, err := strconv.ParseFloat(s, 64)
		if ok != (err == nil) || (ok && !sameFloat(got, want)) {
			t.Fatalf("ParseFloat(%q) = %v, %v; strconv gives %v, %v", s, got, ok, want, err)
		}
		if !ok {
			return
		}
		out := AppendFloat(nil, got)
		back, ok := ParseFloat(out)
		if !ok || !(sameFloat(back, got) || back == 0 && got == 0) {
			t.Fatalf("AppendFloat(%v) = %q reads back as %v, %v", got, out, back, ok)
		}
	})
}

// FuzzParseInt checks ParseInt against strconv.ParseInt.
func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"0", "-9223372036854775808", "9223372036854775808", "+1", "1a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseInt([]byte(s))
		want, err := strconv.ParseInt(s, 10, 64)
		if ok != (err == nil) || (ok && got != want) {
			t.Fatalf("ParseInt(%q) = %d, %v; strconv gives %d, %v", s, got, ok, want, err)
		}
	})
}
