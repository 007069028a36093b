package scalar

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestParseFloat(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0", 0, true},
		{"1", 1, true},
		{"-1.5", -1.5, true},
		{"+2.25", 2.25, true},
		{"0.1", 0.1, true},
		{".5", 0.5, true},
		{"5.", 5, true},
		{"1e3", 1000, true},
		{"1E3", 1000, true},
		{"1e+3", 1000, true},
		{"25e-8", 2.5e-07, true},
		{"123456789012345678901234567890", 123456789012345678901234567890, true},
		{"1.7976931348623157e308", math.MaxFloat64, true},
		{"4.9e-324", 5e-324, true},
		{"1e-400", 0, true},
		{"0x1p-2", 0.25, true},
		{"NaN", math.NaN(), true},
		{"nan", math.NaN(), true},
		{"Inf", math.Inf(1), true},
		{"+Inf", math.Inf(1), true},
		{"-inf", math.Inf(-1), true},
		{"Infinity", math.Inf(1), true},
		{"-Infinity", math.Inf(-1), true},
		{"1e400", 0, false},
		{"", 0, false},
		{".", 0, false},
		{"-", 0, false},
		{"e5", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"1..2", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"abc", 0, false},
		{"1,5", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseFloat([]byte(tt.in))
		if ok != tt.ok || (ok && !sameFloat(got, tt.want)) {
			t.Errorf("ParseFloat(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if f, _ := ParseFloat([]byte("-0")); !math.Signbit(f) {
		t.Errorf("ParseFloat(-0) lost the sign")
	}
}

func sameFloat(a, b float64) bool {
	if a != a {
		return b != b
	}
	return a == b && math.Signbit(a) == math.Signbit(b)
}

// TestParseFloatMatchesStrconv compares the fast path with strconv on random
// decimal texts of many shapes.
func TestParseFloatMatchesStrconv(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		var s string
		switch r.IntN(4) {
		case 0:
			s = strconv.FormatFloat(math.Float64frombits(r.Uint64()), 'g', -1, 64)
		case 1:
			s = strconv.FormatFloat(r.Float64()*math.Pow(10, float64(r.IntN(40)-20)), 'f', r.IntN(12), 64)
		case 2:
			s = strconv.FormatInt(r.Int64N(1<<62)-1<<61, 10) + "e" + strconv.Itoa(r.IntN(60)-30)
		default:
			s = strconv.FormatUint(r.Uint64(), 10) + "." + strconv.FormatUint(r.Uint64N(1000000), 10)
		}
		want, err := strconv.ParseFloat(s, 64)
		got, ok := ParseFloat([]byte(s))
		if ok != (err == nil) || (ok && !sameFloat(got, want)) {
			t.Fatalf("ParseFloat(%q) = %v, %v; strconv gives %v, %v", s, got, ok, want, err)
		}
	}
}

func TestAppendFloat(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{1, "1"},
		{-1, "-1"},
		{0.1, "0.1"},
		{150, "150"},
		{-150, "-150"},
		{1.5, "1.5"},
		{1e6, "1000000"},
		{123456.5, "123456.5"},
		{1234567.5, "1.2345675e+06"},
		{1e18, "1000000000000000000"},
		{1e20, "100000000000000000000"},
		{-1e20, "-100000000000000000000"},
		{999999999999999900000, "999999999999999900000"},
		{1e21, "1e+21"},
		{1e22, "1e+22"},
		{-1e22, "-1e+22"},
		{2.5e-07, "2.5e-07"},
		{0.0001, "0.0001"},
		{0.00001, "1e-05"},
		{1.0000000000000002, "1.0000000000000002"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{5e-324, "5e-324"},
		{9007199254740993, "9007199254740992"},
		{math.MaxInt64, "9223372036854776000"}, // float64(MaxInt64) = 2^63
		{1 << 53, "9007199254740992"},
		{1<<53 + 2, "9007199254740994"},
		{727905583749236096, "727905583749236100"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, tt := range tests {
		if got := string(AppendFloat([]byte("x="), tt.in)); got != "x="+tt.want {
			t.Errorf("AppendFloat(%v) = %q, want %q", tt.in, got, "x="+tt.want)
		}
	}
}

// TestAppendFloatRoundTrip checks that every output parses back to the same
// value and follows the documented rule.
func TestAppendFloatRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var buf []byte
	for i := range 300_000 {
		var f float64
		switch i % 3 {
		case 0:
			f = math.Float64frombits(r.Uint64())
		case 1:
			f = float64(r.Int64N(1<<62) - 1<<61)
		default:
			f = math.Trunc(r.NormFloat64() * math.Pow(10, float64(r.IntN(30))))
		}
		buf = AppendFloat(buf[:0], f)
		got, ok := ParseFloat(buf)
		if !ok || !sameFloat(got, f) && !(f == 0 && got == 0) {
			t.Fatalf("AppendFloat(%v) = %q reads back as %v, %v", f, buf, got, ok)
		}
		var want string
		switch {
		case f != f || math.IsInf(f, 0) || f == 0:
			continue
		case f == math.Trunc(f) && math.Abs(f) < 1e21:
			want = strconv.FormatFloat(f, 'f', -1, 64)
		default:
			want = strconv.FormatFloat(f, 'g', -1, 64)
		}
		if string(buf) != want {
			t.Fatalf("AppendFloat(%v) = %q, want %q", f, buf, want)
		}
	}
}
