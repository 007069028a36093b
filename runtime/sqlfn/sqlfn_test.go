package sqlfn

import (
	"strings"
	"testing"
)

func TestSubstring(t *testing.T) {
	tests := []struct {
		s        string
		start, n int64
		hasN     bool
		want     string
	}{
		{"hello", 2, 3, true, "ell"},
		{"hello", 3, 0, false, "llo"},
		{"hello", 1, 4, true, "hell"},
		{"hello", 0, 3, true, "he"},
		{"hello", -1, 3, true, "h"},
		{"hello", 9, 2, true, ""},
		{"héllo wörld", 2, 4, true, "éllo"},
		{"abc", 2, -1, true, ""},
	}
	for _, tt := range tests {
		if got := Substring(tt.s, tt.start, tt.n, tt.hasN); got != tt.want {
			t.Errorf("Substring(%q, %d, %d, %v) = %q, want %q", tt.s, tt.start, tt.n, tt.hasN, got, tt.want)
		}
	}
}

func TestLength(t *testing.T) {
	if got := Length("café ☕"); got != 6 {
		t.Errorf("Length = %d, want 6 characters", got)
	}
}

func TestLike(t *testing.T) {
	tests := []struct {
		pattern string
		escape  rune
		s       string
		want    bool
	}{
		{"sp%", 0, "spanner", true},
		{"sp%", 0, "asp", false},
		{"%er", 0, "hammer", true},
		{"%er", 0, "hammers", false},
		{"a_1%", 0, "ab1x", true},
		{"a_1%", 0, "a1", false},
		{"%a%b%", 0, "xxaxxbxx", true},
		{"%a%b%", 0, "xxbxxaxx", false},
		{"exact", 0, "exact", true},
		{"exact", 0, "Exact", false},
		{"100\\%", '\\', "100%", true},
		{"100\\%", '\\', "1000", false},
		{"_", 0, "é", true},
		{"%", 0, "", true},
		{"_%_", 0, "a", false},
		{"%aa", 0, "aaa", true},
	}
	for _, tt := range tests {
		if got := CompileLike(tt.pattern, tt.escape).Match(tt.s); got != tt.want {
			t.Errorf("%q LIKE %q = %v, want %v", tt.s, tt.pattern, got, tt.want)
		}
	}
}

func TestRoundFloat(t *testing.T) {
	tests := []struct {
		x    float64
		d    int64
		want float64
	}{
		{2.5, 0, 3}, {-2.5, 0, -3}, {2.675, 2, 2.68}, {1.005, 2, 1.01}, {123.456, 1, 123.5},
		{-0.125, 2, -0.13}, {15, -1, 20}, {0.1, 0, 0},
	}
	for _, tt := range tests {
		if got := RoundFloat(tt.x, tt.d); got != tt.want {
			t.Errorf("RoundFloat(%v, %d) = %v, want %v", tt.x, tt.d, got, tt.want)
		}
	}
}

func TestTrimAndReplace(t *testing.T) {
	if got := Trim("\u00a0 hi \t"); got != "hi" {
		t.Errorf("Trim = %q", got)
	}
	if got := TrimLeftChars("xxhixx", "x"); got != "hixx" {
		t.Errorf("TrimLeftChars = %q", got)
	}
	if got := Replace("beef", "e", "E"); got != "bEEf" {
		t.Errorf("Replace = %q", got)
	}
	if got := Replace("abc", "", "X"); got != "abc" {
		t.Errorf("Replace with empty from = %q", got)
	}
}

func TestViewDoesNotCopy(t *testing.T) {
	b := []byte("abc")
	s := View(b)
	b[0] = 'x'
	if s != "xbc" {
		t.Errorf("View copied: %q", s)
	}
	if View(nil) != "" {
		t.Error("View(nil) != \"\"")
	}
}

func TestIntOverflow(t *testing.T) {
	const max, min = int64(9223372036854775807), int64(-9223372036854775808)
	tests := []struct {
		name string
		f    func(a, b int64) (int64, bool)
		a, b int64
		ok   bool
	}{
		{"add", AddInt, 1, 2, true}, {"add", AddInt, max, 1, false}, {"add", AddInt, min, -1, false}, {"add", AddInt, -5, 0, true},
		{"sub", SubInt, 1, 2, true}, {"sub", SubInt, min, 1, false}, {"sub", SubInt, max, -1, false}, {"sub", SubInt, 0, min, false},
		{"mul", MulInt, 3, -4, true}, {"mul", MulInt, max, 2, false}, {"mul", MulInt, min, -1, false}, {"mul", MulInt, -1, min, false}, {"mul", MulInt, 0, min, true},
	}
	for _, tt := range tests {
		if _, ok := tt.f(tt.a, tt.b); ok != tt.ok {
			t.Errorf("%s(%d, %d) ok = %v, want %v", tt.name, tt.a, tt.b, ok, tt.ok)
		}
	}
	if _, ok := FloatToInt(1e19); ok {
		t.Error("FloatToInt(1e19) should overflow")
	}
	if v, ok := FloatToInt(-2.9); !ok || v != -2 {
		t.Errorf("FloatToInt(-2.9) = %d, %v", v, ok)
	}
}

func TestUpperLowerInto(t *testing.T) {
	tests := []string{"", "abc", "ABC", "Hello World", "héllo", "日本", "ǆemal", "a\xffb", "mixed Case 123", "ß"}
	var buf []byte
	for _, s := range tests {
		if got, want := UpperInto(&buf, s), strings.ToUpper(s); got != want {
			t.Errorf("UpperInto(%q) = %q, want %q", s, got, want)
		}
		if got, want := LowerInto(&buf, s), strings.ToLower(s); got != want {
			t.Errorf("LowerInto(%q) = %q, want %q", s, got, want)
		}
	}
	buf = make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { UpperInto(&buf, "buy") }); n != 0 {
		t.Errorf("UpperInto allocates %v times with a warm buffer", n)
	}
}
