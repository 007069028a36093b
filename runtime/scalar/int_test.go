package scalar

import (
	"math"
	"strconv"
	"testing"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"7", 7, true},
		{"-7", -7, true},
		{"+7", 7, true},
		{"007", 7, true},
		{"-0", 0, true},
		{"123456789012345678", 123456789012345678, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"+9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"99999999999999999999", 0, false},
		{"18446744073709551616", 0, false},
		{"000000000000000000000000000001", 1, true},
		{"", 0, false},
		{"-", 0, false},
		{"+", 0, false},
		{"+-1", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"1.0", 0, false},
		{"1e3", 0, false},
		{"1_000", 0, false},
		{"0x10", 0, false},
		{"12a", 0, false},
		{"١", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseInt([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestParseIntMatchesStrconv checks agreement with strconv.ParseInt on the
// values around every power of ten and the int64 limits.
func TestParseIntMatchesStrconv(t *testing.T) {
	var ins []string
	for p := uint64(1); p < math.MaxUint64/10; p *= 10 {
		for _, d := range []int64{-1, 0, 1} {
			n := int64(p) + d
			ins = append(ins, strconv.FormatInt(n, 10), strconv.FormatInt(-n, 10))
		}
	}
	ins = append(ins, "9223372036854775806", "9223372036854775807", "9223372036854775808",
		"9223372036854775810", "-9223372036854775807", "-9223372036854775808", "-9223372036854775810",
		"92233720368547758070", "10000000000000000000")
	for _, in := range ins {
		want, err := strconv.ParseInt(in, 10, 64)
		got, ok := ParseInt([]byte(in))
		if ok != (err == nil) || (ok && got != want) {
			t.Errorf("ParseInt(%q) = %d, %v; strconv gives %d, %v", in, got, ok, want, err)
		}
	}
}

func TestAppendInt(t *testing.T) {
	for _, n := range []int64{0, 1, -1, 42, math.MaxInt64, math.MinInt64} {
		if got, want := string(AppendInt([]byte("x"), n)), "x"+strconv.FormatInt(n, 10); got != want {
			t.Errorf("AppendInt(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in       string
		want, ok bool
	}{
		{"true", true, true}, {"TRUE", true, true}, {"True", true, true}, {"tRuE", true, true},
		{"false", false, true}, {"FALSE", false, true}, {"False", false, true},
		{"1", true, true}, {"0", false, true},
		{"", false, false}, {"t", false, false}, {"f", false, false}, {"yes", false, false},
		{"2", false, false}, {"truee", false, false}, {" true", false, false}, {"fals", false, false},
		{"tru\xe5", false, false},
	}
	for _, tt := range tests {
		got, ok := ParseBool([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseBool(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if s := string(AppendBool(AppendBool(nil, true), false)); s != "truefalse" {
		t.Errorf("AppendBool: %q", s)
	}
}
