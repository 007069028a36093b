package agg

import "math"

// Moments accumulates the count, mean and sum of squared deviations from the
// mean (M2) of float64 values with Welford's algorithm, for STDDEV
// (STDDEV_SAMP), STDDEV_POP, VARIANCE (VAR_SAMP) and VAR_POP. The zero value
// is empty.
type Moments struct {
	n    int64
	mean float64
	m2   float64
}

// Add adds one (non-NULL) value.
func (m *Moments) Add(x float64) {
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

// Merge adds every value that o has accumulated (Chan et al.'s pairwise
// update), so partial states kept per core or per window pane can be
// combined.
func (m *Moments) Merge(o *Moments) {
	switch {
	case o.n == 0:
		return
	case m.n == 0:
		*m = *o
		return
	}
	na, nb := float64(m.n), float64(o.n)
	n := na + nb
	d := o.mean - m.mean
	m.mean += d * (nb / n)
	m.m2 += o.m2 + d*d*(na*nb/n)
	m.n += o.n
}

// N returns the number of values added.
func (m *Moments) N() int64 { return m.n }

// Mean returns the mean of the values, false (NULL) with no value.
func (m *Moments) Mean() (float64, bool) {
	if m.n < 1 {
		return 0, false
	}
	return m.mean, true
}

// VarSamp returns the sample variance (VARIANCE, VAR_SAMP), false (NULL)
// below 2 values.
func (m *Moments) VarSamp() (float64, bool) {
	if m.n < 2 {
		return 0, false
	}
	return m.m2 / float64(m.n-1), true
}

// VarPop returns the population variance (VAR_POP), false (NULL) with no
// value.
func (m *Moments) VarPop() (float64, bool) {
	if m.n < 1 {
		return 0, false
	}
	return m.m2 / float64(m.n), true
}

// StddevSamp returns the sample standard deviation (STDDEV, STDDEV_SAMP),
// false (NULL) below 2 values.
func (m *Moments) StddevSamp() (float64, bool) {
	v, ok := m.VarSamp()
	return math.Sqrt(v), ok
}

// StddevPop returns the population standard deviation (STDDEV_POP), false
// (NULL) with no value.
func (m *Moments) StddevPop() (float64, bool) {
	v, ok := m.VarPop()
	return math.Sqrt(v), ok
}
