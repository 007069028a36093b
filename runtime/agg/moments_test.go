package agg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// twoPass returns the mean and Σ(x−x̄)² of xs computed directly.
func twoPass(xs []float64) (mean, ss float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, ss
}

func near(got, want, rel float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

type opt struct {
	v  float64
	ok bool
}

func some(v float64) opt { return opt{v, true} }

var null = opt{}

func checkOpt(t *testing.T, name string, v float64, ok bool, want opt, rel float64) {
	t.Helper()
	if ok != want.ok || ok && !near(v, want.v, rel) {
		t.Errorf("%s = %v, %v; want %v, %v", name, v, ok, want.v, want.ok)
	}
}

// The rows of conformance case 04-aggregate/06-statistics.
func TestMomentsConformance(t *testing.T) {
	groups := []struct {
		xs                             []float64
		sdSamp, sdPop, varSamp, varPop opt
		med                            float64
	}{
		{[]float64{2, 4, 4, 4, 5, 5, 7, 9}, some(2.138089935299395), some(2.0), some(4.571428571428571), some(4.0), 4.5},
		{[]float64{10}, null, some(0), null, some(0), 10},
		{[]float64{4, 1, 3, 2}, some(1.2909944487358056), some(1.118033988749895), some(1.6666666666666667), some(1.25), 2.5},
		{[]float64{1.5, 2.5, 10}, some(4.645786621588785), some(3.793268892247014), some(21.583333333333332), some(14.38888888888889), 2.5},
		{[]float64{-3.25, 0.5}, some(2.6516504294495533), some(1.875), some(7.03125), some(3.515625), -1.375},
	}
	for _, g := range groups {
		var m Moments
		for _, x := range g.xs {
			m.Add(x)
		}
		// The runner allows a relative 1e-9; require a few ulps. Group d
		// differs from the expected text (PostgreSQL's Youngs–Cramer
		// result, which happens to be correctly rounded there) in the last
		// bit; a plain two-pass computation differs in the same way.
		const rel = 1e-15
		v, ok := m.StddevSamp()
		checkOpt(t, "StddevSamp", v, ok, g.sdSamp, rel)
		v, ok = m.StddevPop()
		checkOpt(t, "StddevPop", v, ok, g.sdPop, rel)
		v, ok = m.VarSamp()
		checkOpt(t, "VarSamp", v, ok, g.varSamp, rel)
		v, ok = m.VarPop()
		checkOpt(t, "VarPop", v, ok, g.varPop, rel)
		if m.N() != int64(len(g.xs)) {
			t.Errorf("N = %d", m.N())
		}
		if got := PercentileCont(append([]float64(nil), g.xs...), 0.5); got != g.med {
			t.Errorf("median(%v) = %v, want %v", g.xs, got, g.med)
		}
	}
}

func TestMomentsEmpty(t *testing.T) {
	var m Moments
	for name, f := range map[string]func() (float64, bool){
		"VarSamp": m.VarSamp, "VarPop": m.VarPop, "StddevSamp": m.StddevSamp,
		"StddevPop": m.StddevPop, "Mean": m.Mean,
	} {
		if _, ok := f(); ok {
			t.Errorf("%s of no value is not NULL", name)
		}
	}
	m.Add(3)
	if _, ok := m.VarSamp(); ok {
		t.Error("VarSamp of 1 value is not NULL")
	}
	if v, ok := m.VarPop(); !ok || v != 0 {
		t.Errorf("VarPop of 1 value = %v, %v", v, ok)
	}
}

func TestMomentsAgainstTwoPass(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func() float64{
		"normal":  func() float64 { return r.NormFloat64() },
		"uniform": func() float64 { return r.Float64()*200 - 100 },
		"offset":  func() float64 { return 1e6 + r.NormFloat64() },
		"wide":    func() float64 { return math.Ldexp(r.Float64(), r.IntN(40)-20) },
	}
	for name, gen := range gens {
		// Welford's relative error is about ε·|mean|/σ (the rounding of the
		// running mean); the offset data have |mean|/σ = 1e6.
		rel := 1e-12
		if name == "offset" {
			rel = 1e-8
		}
		for _, n := range []int{2, 3, 10, 1000, 100000} {
			xs := make([]float64, n)
			var m Moments
			for i := range xs {
				xs[i] = gen()
				m.Add(xs[i])
			}
			mean, ss := twoPass(xs)
			checkOpt(t, name+" VarSamp", val(m.VarSamp()), true, some(ss/float64(n-1)), rel)
			checkOpt(t, name+" VarPop", val(m.VarPop()), true, some(ss/float64(n)), rel)
			checkOpt(t, name+" StddevSamp", val(m.StddevSamp()), true, some(math.Sqrt(ss/float64(n-1))), rel)
			checkOpt(t, name+" Mean", val(m.Mean()), true, some(mean), 1e-12)
		}
	}
}

// val returns v, or NaN (which fails every comparison) when it is NULL.
func val(v float64, ok bool) float64 {
	if !ok {
		return math.NaN()
	}
	return v
}

// Values around 1e9 with a small spread: Σx² − (Σx)²/n loses every digit of
// the variance; Welford keeps it.
func TestMomentsCancellation(t *testing.T) {
	cases := []struct {
		name string
		xs   []float64
	}{
		{"1e9+{4,7,13,16}", []float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}},
		{"1e9+0.1*i", func() []float64 {
			xs := make([]float64, 1000)
			for i := range xs {
				xs[i] = 1e9 + 0.1*float64(i%10)
			}
			return xs
		}()},
		{"1e9+noise", func() []float64 {
			r := rand.New(rand.NewPCG(3, 4))
			xs := make([]float64, 100000)
			for i := range xs {
				xs[i] = 1e9 + r.NormFloat64()*0.01
			}
			return xs
		}()},
	}
	for _, c := range cases {
		var m Moments
		var sum, sumSq float64
		for _, x := range c.xs {
			m.Add(x)
			sum += x
			sumSq += x * x
		}
		n := float64(len(c.xs))
		_, ss := twoPass(c.xs)
		want := ss / (n - 1)
		got, _ := m.VarSamp()
		naive := (sumSq - sum*sum/n) / (n - 1)
		relErr := math.Abs(got-want) / want
		t.Logf("%s: two-pass %.12g, Welford %.12g (rel err %.1e), naive %.12g", c.name, want, got, relErr, naive)
		if relErr > 1e-6 {
			t.Errorf("%s: Welford VarSamp = %v, want %v", c.name, got, want)
		}
	}
	// The first case is exact: 30.
	var m Moments
	for _, x := range cases[0].xs {
		m.Add(x)
	}
	if v, _ := m.VarSamp(); v != 30 {
		t.Errorf("VarSamp(1e9+{4,7,13,16}) = %v, want 30", v)
	}
}

func TestMomentsMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	xs := make([]float64, 1001)
	for i := range xs {
		xs[i] = 1e6 + r.NormFloat64()
	}
	var all Moments
	for _, x := range xs {
		all.Add(x)
	}
	for _, cut := range []int{0, 1, 2, 500, 1000, 1001} {
		var a, b Moments
		for _, x := range xs[:cut] {
			a.Add(x)
		}
		for _, x := range xs[cut:] {
			b.Add(x)
		}
		a.Merge(&b)
		if a.N() != all.N() {
			t.Fatalf("cut %d: N = %d", cut, a.N())
		}
		checkOpt(t, "merged VarSamp", val(a.VarSamp()), true, some(val(all.VarSamp())), 1e-9)
		checkOpt(t, "merged Mean", val(a.Mean()), true, some(val(all.Mean())), 1e-14)
	}
}

func TestMomentsNonFinite(t *testing.T) {
	var m Moments
	m.Add(1)
	m.Add(math.Inf(1))
	if v, ok := m.VarPop(); !ok || !math.IsNaN(v) {
		t.Errorf("VarPop with Inf = %v, %v; want NaN", v, ok)
	}
}

func BenchmarkMomentsAdd(b *testing.B) {
	var m Moments
	x := 1.5
	b.ReportAllocs()
	for b.Loop() {
		m.Add(x)
		x += 0.25
	}
	if m.N() == 0 {
		b.Fatal()
	}
}
