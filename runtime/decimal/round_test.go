package decimal

import (
	"math"
	"testing"
)

// TestRound checks ROUND/TRUNC/FLOOR/CEIL on the dialect's examples: the
// result is the mantissa at scale max(0, min(s, d)) (FLOOR/CEIL: 0).
func TestRound(t *testing.T) {
	tests := []struct {
		m         int64
		scale, d  int
		round     int64
		roundOK   bool
		trunc     int64
		floor     int64
		ceil      int64
		roundText string
	}{
		{1250, 2, 1, 125, true, 125, 12, 13, "12.5"},       // 12.50 → 12.5
		{1255, 2, 1, 126, true, 125, 12, 13, "12.6"},       // 12.55 → 12.6
		{-1255, 2, 1, -126, true, -125, -13, -12, "-12.6"}, // half away from zero
		{1254, 2, 1, 125, true, 125, 12, 13, "12.5"},
		{125, 3, 2, 13, true, 12, 0, 1, "0.13"}, // 0.125 → 0.13
		{-125, 3, 2, -13, true, -12, -1, 0, "-0.13"},
		{1250, 2, 0, 13, true, 12, 12, 13, "13"},
		{1249, 2, 0, 12, true, 12, 12, 13, "12"},
		{-1250, 2, 0, -13, true, -12, -13, -12, "-13"},
		{1250, 2, 5, 1250, true, 1250, 12, 13, "12.50"},       // d > s keeps s
		{123456, 2, -1, 1230, true, 1230, 1234, 1235, "1230"}, // 1234.56 → 1230
		{125000, 2, -1, 1250, true, 1250, 1250, 1250, "1250"},
		{125500, 2, -1, 1260, true, 1250, 1255, 1255, "1260"},
		{-125500, 2, -1, -1260, true, -1250, -1255, -1255, "-1260"},
		{125500, 2, -2, 1300, true, 1200, 1255, 1255, "1300"},
		{125500, 2, -4, 0, true, 0, 1255, 1255, "0"},
		{525500, 2, -4, 10000, true, 0, 5255, 5255, "10000"},
		{7, 0, -30, 0, true, 0, 7, 7, "0"},
		{math.MaxInt64, 0, -1, 0, false, 9223372036854775800, math.MaxInt64, math.MaxInt64, ""},
		{math.MaxInt64, 0, -19, 0, false, 0, math.MaxInt64, math.MaxInt64, ""},
		{math.MinInt64, 0, -18, -9000000000000000000, true, -9000000000000000000, math.MinInt64, math.MinInt64, "-9000000000000000000"},
		{math.MaxInt64, 18, 0, 9, true, 9, 9, 10, "9"},
		{math.MinInt64, 18, 17, -922337203685477581, true, -922337203685477580, -10, -9, "-9.22337203685477581"},
		{5, 1, math.MinInt, 0, true, 0, 0, 1, "0"},
	}
	for _, tt := range tests {
		rs := max(0, min(tt.scale, tt.d))
		r, ok := Round64(tt.m, tt.scale, tt.d)
		if ok != tt.roundOK || ok && r != tt.round {
			t.Errorf("Round64(%d, %d, %d) = %d, %v; want %d, %v", tt.m, tt.scale, tt.d, r, ok, tt.round, tt.roundOK)
		}
		if ok && string(Append64(nil, r, rs)) != tt.roundText {
			t.Errorf("Round64(%d, %d, %d) prints %q; want %q", tt.m, tt.scale, tt.d, Append64(nil, r, rs), tt.roundText)
		}
		if got := Trunc64(tt.m, tt.scale, tt.d); got != tt.trunc {
			t.Errorf("Trunc64(%d, %d, %d) = %d; want %d", tt.m, tt.scale, tt.d, got, tt.trunc)
		}
		if got := Floor64(tt.m, tt.scale); got != tt.floor {
			t.Errorf("Floor64(%d, %d) = %d; want %d", tt.m, tt.scale, got, tt.floor)
		}
		if got := Ceil64(tt.m, tt.scale); got != tt.ceil {
			t.Errorf("Ceil64(%d, %d) = %d; want %d", tt.m, tt.scale, got, tt.ceil)
		}
		// The 128-bit versions agree (and do not overflow on int64 input).
		r128, ok := Round128(To128(tt.m), tt.scale, tt.d)
		if !ok || tt.roundOK && r128 != To128(tt.round) {
			t.Errorf("Round128(%d, %d, %d) = %v, %v; want %d", tt.m, tt.scale, tt.d, r128, ok, tt.round)
		}
		if got := Trunc128(To128(tt.m), tt.scale, tt.d); got != To128(tt.trunc) {
			t.Errorf("Trunc128(%d, %d, %d) = %v; want %d", tt.m, tt.scale, tt.d, got, tt.trunc)
		}
		if got := Floor128(To128(tt.m), tt.scale); got != To128(tt.floor) {
			t.Errorf("Floor128(%d, %d) = %v; want %d", tt.m, tt.scale, got, tt.floor)
		}
		if got := Ceil128(To128(tt.m), tt.scale); got != To128(tt.ceil) {
			t.Errorf("Ceil128(%d, %d) = %v; want %d", tt.m, tt.scale, got, tt.ceil)
		}
	}
	if _, ok := Round128(maxInt128, 0, -1); ok {
		t.Error("Round128(max, 0, -1) did not overflow")
	}
	if r, ok := Round128(minInt128, 38, 0); !ok || r != To128(-2) {
		t.Errorf("Round128(min, 38, 0) = %v, %v; want -2", r, ok) // -1.70… → -2
	}
}
