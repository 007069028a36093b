package decimal

import (
	"math"
	"testing"
)

// pointThree is 0.1 + 0.2 in float64 arithmetic, 0.30000000000000004
// (a constant expression would be exact).
var pointOne, pointTwo = 0.1, 0.2
var pointThree = pointOne + pointTwo

func TestFromFloat(t *testing.T) {
	tests := []struct {
		f     float64
		scale int
		want  int64
		ok    bool
	}{
		{0.125, 2, 13, true},
		{-0.125, 2, -13, true},
		{0.124, 2, 12, true},
		{1.005, 2, 101, true}, // the float is 1.00499999999999989…, its text 1.005
		{2.675, 2, 268, true}, // likewise 2.67499999999999982…
		{-2.675, 2, -268, true},
		{0.1, 2, 10, true},
		{pointThree, 2, 30, true},
		{pointThree, 16, 3000000000000000, true}, // 0.30000000000000004
		{pointThree, 17, 30000000000000004, true},
		{pointThree, 18, 300000000000000040, true},
		{1e-300, 2, 0, true},
		{5e-3, 2, 1, true},
		{123456789.0, 0, 123456789, true},
		{-2.5, 0, -3, true},
		{1e18, 0, 1e18, true},
		{9.2e18, 0, 9200000000000000000, true},
		{9.3e18, 0, 0, false},
		{1e17, 2, 0, false},
		{math.Copysign(0, -1), 2, 0, true},
		{math.NaN(), 2, 0, false},
		{math.Inf(1), 2, 0, false},
		{math.Inf(-1), 2, 0, false},
		{math.MaxFloat64, 0, 0, false},
		{math.SmallestNonzeroFloat64, 18, 0, true},
	}
	for _, tt := range tests {
		got, ok := FromFloat64(tt.f, tt.scale)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("FromFloat64(%v, %d) = %d, %v; want %d, %v", tt.f, tt.scale, got, ok, tt.want, tt.ok)
		}
		got128, ok := FromFloat128(tt.f, tt.scale)
		if tt.ok && (!ok || got128 != To128(tt.want)) {
			t.Errorf("FromFloat128(%v, %d) = %v, %v; want %d", tt.f, tt.scale, got128, ok, tt.want)
		}
	}
	if m, ok := FromFloat128(1e30, 2); !ok || m.String() != "100000000000000000000000000000000" {
		t.Errorf("FromFloat128(1e30, 2) = %v, %v", m, ok)
	}
	if m, ok := FromFloat128(-1.7e38, 0); !ok || m.String() != "-170000000000000000000000000000000000000" {
		t.Errorf("FromFloat128(-1.7e38, 0) = %v, %v", m, ok)
	}
	if _, ok := FromFloat128(1.8e38, 0); ok {
		t.Error("FromFloat128(1.8e38, 0) did not overflow")
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, ok := FromFloat128(f, 2); ok {
			t.Errorf("FromFloat128(%v) ok", f)
		}
	}
}

func TestToFloat(t *testing.T) {
	tests := []struct {
		m     int64
		scale int
		want  float64
	}{
		{1250, 2, 12.5},
		{-5, 2, -0.05},
		{1, 1, 0.1},
		{3, 1, 0.3},
		{0, 5, 0},
		{math.MaxInt64, 0, 9223372036854775807},
		{math.MaxInt64, 18, 9.223372036854775807},
		{math.MinInt64, 2, -92233720368547758.08},
		{1<<53 + 1, 0, 1 << 53},
		{12345678901234567, 17, 0.12345678901234567},
	}
	for _, tt := range tests {
		if got := ToFloat64(tt.m, tt.scale); got != tt.want {
			t.Errorf("ToFloat64(%d, %d) = %v; want %v", tt.m, tt.scale, got, tt.want)
		}
		if got := ToFloat128(To128(tt.m), tt.scale); got != tt.want {
			t.Errorf("ToFloat128(%d, %d) = %v; want %v", tt.m, tt.scale, got, tt.want)
		}
	}
	if got := ToFloat128(mustParse128(t, "29999999999999999999.97", 2), 2); got != 29999999999999999999.97 {
		t.Errorf("ToFloat128(29999999999999999999.97) = %v", got)
	}
	if got := ToFloat128(minInt128, 0); got != -0x1p127 {
		t.Errorf("ToFloat128(min) = %v", got)
	}
}
