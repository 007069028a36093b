package agg

import (
	"math"
	"slices"
	"testing"
)

func TestPercentileCont(t *testing.T) {
	cases := []struct {
		vals []float64
		p    float64
		want float64
	}{
		{[]float64{7}, 0, 7},
		{[]float64{7}, 0.5, 7},
		{[]float64{7}, 1, 7},
		{[]float64{3, 1, 2}, 0.5, 2},      // odd count
		{[]float64{4, 1, 3, 2}, 0.5, 2.5}, // even count
		{[]float64{4, 1, 3, 2}, 0, 1},
		{[]float64{4, 1, 3, 2}, 1, 4},
		{[]float64{4, 1, 3, 2}, 0.25, 1.75}, // position 0.75
		{[]float64{10, 20, 30, 40, 50}, 0.9, 46},
		{[]float64{5, 5, 5, 1}, 0.5, 5}, // duplicates
		{[]float64{1, 1, 2, 2}, 0.5, 1.5},
		{[]float64{-3.25, 0.5}, 0.5, -1.375},
		{[]float64{2, 1}, -1, 1}, // clamped
		{[]float64{2, 1}, 2, 2},
		{[]float64{math.NaN(), 1, 2}, 0.5, 2}, // NaN sorts last
	}
	for _, c := range cases {
		in := slices.Clone(c.vals)
		if got := PercentileCont(in, c.p); got != c.want {
			t.Errorf("PercentileCont(%v, %v) = %v, want %v", c.vals, c.p, got, c.want)
		}
	}
	if got := PercentileCont([]float64{math.NaN(), 1}, 1); !math.IsNaN(got) {
		t.Errorf("PercentileCont([NaN 1], 1) = %v, want NaN", got)
	}
}

func TestPercentileDisc(t *testing.T) {
	cases := []struct {
		vals []int64
		p    float64
		want int64
	}{
		{[]int64{7}, 0, 7},
		{[]int64{7}, 1, 7},
		{[]int64{3, 1, 2}, 0.5, 2},
		{[]int64{4, 1, 3, 2}, 0.5, 2}, // even: the lower middle
		{[]int64{4, 1, 3, 2}, 0.51, 3},
		{[]int64{4, 1, 3, 2}, 0, 1},
		{[]int64{4, 1, 3, 2}, 0.25, 1},
		{[]int64{4, 1, 3, 2}, 0.26, 2},
		{[]int64{4, 1, 3, 2}, 1, 4},
		{[]int64{5, 5, 5, 1}, 0.3, 5}, // duplicates
		{[]int64{5, 5, 5, 1}, 0.25, 1},
		{[]int64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 0.3, 30},
	}
	for _, c := range cases {
		in := slices.Clone(c.vals)
		if got := PercentileDisc(in, c.p); got != c.want {
			t.Errorf("PercentileDisc(%v, %v) = %v, want %v", c.vals, c.p, got, c.want)
		}
	}
	if got := PercentileDisc([]string{"pear", "apple", "fig"}, 0.5); got != "fig" {
		t.Errorf("PercentileDisc(strings) = %q", got)
	}
	if got := PercentileDisc([]float64{math.NaN(), 2, 1}, 0.6); got != 2 {
		t.Errorf("PercentileDisc(floats with NaN, 0.6) = %v", got)
	}
	if got := PercentileDisc([]float64{math.NaN(), 2, 1}, 1); !math.IsNaN(got) {
		t.Errorf("PercentileDisc(floats with NaN, 1) = %v, want NaN", got)
	}
}
