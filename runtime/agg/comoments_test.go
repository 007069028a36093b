package agg

import (
	"math"
	"math/rand/v2"
	"testing"
)

type coResult struct {
	corr, covarPop, covarSamp, slope, intercept, r2 opt
}

func coOf(ys, xs []float64) CoMoments {
	var c CoMoments
	for i := range xs {
		c.Add(ys[i], xs[i])
	}
	return c
}

func checkCo(t *testing.T, name string, c *CoMoments, want coResult, rel float64) {
	t.Helper()
	v, ok := c.Corr()
	checkOpt(t, name+" Corr", v, ok, want.corr, rel)
	v, ok = c.CovarPop()
	checkOpt(t, name+" CovarPop", v, ok, want.covarPop, rel)
	v, ok = c.CovarSamp()
	checkOpt(t, name+" CovarSamp", v, ok, want.covarSamp, rel)
	v, ok = c.RegrSlope()
	checkOpt(t, name+" RegrSlope", v, ok, want.slope, rel)
	v, ok = c.RegrIntercept()
	checkOpt(t, name+" RegrIntercept", v, ok, want.intercept, rel)
	v, ok = c.RegrR2()
	checkOpt(t, name+" RegrR2", v, ok, want.r2, rel)
}

// twoPassCo computes the reference results directly, with PostgreSQL's NULL
// rules.
func twoPassCo(ys, xs []float64) coResult {
	n := float64(len(xs))
	var r coResult
	if n == 0 {
		return r
	}
	mx, sxx := twoPass(xs)
	my, syy := twoPass(ys)
	var sxy float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
	}
	r.covarPop = some(sxy / n)
	if n > 1 {
		r.covarSamp = some(sxy / (n - 1))
	}
	if sxx != 0 {
		r.slope = some(sxy / sxx)
		r.intercept = some(my - sxy/sxx*mx)
		r.r2 = some(1)
		if syy != 0 {
			r.r2 = some(sxy * sxy / (sxx * syy))
			r.corr = some(sxy / math.Sqrt(sxx*syy))
		}
	}
	return r
}

func TestCoMomentsEdgeCases(t *testing.T) {
	cases := []struct {
		name   string
		ys, xs []float64
		want   coResult
	}{
		{"no pair", nil, nil, coResult{}},
		// One pair: population covariance 0; x has zero variance, so
		// everything else is NULL.
		{"one pair", []float64{3}, []float64{2}, coResult{covarPop: some(0)}},
		// Constant x: REGR_SLOPE, REGR_INTERCEPT, REGR_R2 and CORR are NULL.
		{"constant x", []float64{1, 2, 3}, []float64{5, 5, 5},
			coResult{covarPop: some(0), covarSamp: some(0)}},
		// Constant y, varying x: slope 0, intercept y, R² 1, CORR NULL.
		{"constant y", []float64{4, 4, 4}, []float64{1, 2, 3},
			coResult{covarPop: some(0), covarSamp: some(0), slope: some(0), intercept: some(4), r2: some(1)}},
		{"y = 2x + 1", []float64{3, 5, 7, 9}, []float64{1, 2, 3, 4},
			coResult{corr: some(1), covarPop: some(2.5), covarSamp: some(10.0 / 3), slope: some(2), intercept: some(1), r2: some(1)}},
		{"y = -x", []float64{-1, -2, -3}, []float64{1, 2, 3},
			coResult{corr: some(-1), covarPop: some(-2.0 / 3), covarSamp: some(-1), slope: some(-1), intercept: some(0), r2: some(1)}},
		// A textbook regression: x = 1..5, y = 2, 4, 5, 4, 5.
		{"textbook", []float64{2, 4, 5, 4, 5}, []float64{1, 2, 3, 4, 5},
			coResult{corr: some(math.Sqrt(0.6)), covarPop: some(1.2), covarSamp: some(1.5), slope: some(0.6), intercept: some(2.2), r2: some(0.6)}},
	}
	for _, c := range cases {
		co := coOf(c.ys, c.xs)
		checkCo(t, c.name, &co, c.want, 1e-15)
		if ref := twoPassCo(c.ys, c.xs); ref != c.want && c.name != "textbook" && c.name != "y = 2x + 1" {
			t.Errorf("%s: two-pass reference %+v disagrees with the table", c.name, ref)
		}
	}
}

func TestCoMomentsAgainstTwoPass(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{2, 3, 10, 1000, 100000} {
		for _, offset := range []float64{0, 1e3, 1e6} {
			xs := make([]float64, n)
			ys := make([]float64, n)
			for i := range xs {
				xs[i] = offset + r.NormFloat64()
				ys[i] = -offset + 0.5*xs[i] + r.NormFloat64()
			}
			co := coOf(ys, xs)
			rel := 1e-11
			if offset != 0 {
				rel = 1e-15 * offset * 100
			}
			checkCo(t, "random", &co, twoPassCo(ys, xs), rel)
		}
	}
}

func TestCoMomentsMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	n := 999
	xs := make([]float64, n)
	ys := make([]float64, n)
	for i := range xs {
		xs[i] = 100 + r.NormFloat64()
		ys[i] = 3*xs[i] + r.NormFloat64()
	}
	all := coOf(ys, xs)
	want := coResult{}
	want.corr = some(val(all.Corr()))
	want.covarPop = some(val(all.CovarPop()))
	want.covarSamp = some(val(all.CovarSamp()))
	want.slope = some(val(all.RegrSlope()))
	want.intercept = some(val(all.RegrIntercept()))
	want.r2 = some(val(all.RegrR2()))
	for _, cut := range []int{0, 1, 400, n} {
		a := coOf(ys[:cut], xs[:cut])
		b := coOf(ys[cut:], xs[cut:])
		a.Merge(&b)
		if a.N() != int64(n) {
			t.Fatalf("N = %d", a.N())
		}
		checkCo(t, "merged", &a, want, 1e-10)
	}
}

func BenchmarkCoMomentsAdd(b *testing.B) {
	var c CoMoments
	x := 1.5
	b.ReportAllocs()
	for b.Loop() {
		c.Add(2*x+1, x)
		x += 0.25
	}
}
