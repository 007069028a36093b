package agg

import "math"

// CoMoments accumulates pairs (y, x) for CORR(y, x), COVAR_POP, COVAR_SAMP,
// REGR_SLOPE, REGR_INTERCEPT and REGR_R2 (dependent variable first, as in
// SQL). It keeps the count, both means, both sums of squared deviations and
// the sum of cross deviations, updated with Welford's algorithm. The caller
// skips pairs where either value is NULL. Results are false (NULL) where
// PostgreSQL returns NULL. The zero value is empty.
type CoMoments struct {
	n      int64
	mx, my float64
	sxx    float64 // Σ(x−x̄)²
	syy    float64 // Σ(y−ȳ)²
	sxy    float64 // Σ(x−x̄)(y−ȳ)
}

// Add adds one pair (y, x).
func (c *CoMoments) Add(y, x float64) {
	c.n++
	n := float64(c.n)
	dx := x - c.mx
	dy := y - c.my
	c.mx += dx / n
	c.my += dy / n
	ex := x - c.mx
	c.sxx += dx * ex
	c.syy += dy * (y - c.my)
	c.sxy += dy * ex
}

// Merge adds every pair that o has accumulated.
func (c *CoMoments) Merge(o *CoMoments) {
	switch {
	case o.n == 0:
		return
	case c.n == 0:
		*c = *o
		return
	}
	na, nb := float64(c.n), float64(o.n)
	n := na + nb
	f := na * nb / n
	dx := o.mx - c.mx
	dy := o.my - c.my
	c.mx += dx * (nb / n)
	c.my += dy * (nb / n)
	c.sxx += o.sxx + dx*dx*f
	c.syy += o.syy + dy*dy*f
	c.sxy += o.sxy + dx*dy*f
	c.n += o.n
}

// N returns the number of pairs added (REGR_COUNT).
func (c *CoMoments) N() int64 { return c.n }

// CovarPop returns the population covariance, false (NULL) with no pair.
func (c *CoMoments) CovarPop() (float64, bool) {
	if c.n < 1 {
		return 0, false
	}
	return c.sxy / float64(c.n), true
}

// CovarSamp returns the sample covariance, false (NULL) below 2 pairs.
func (c *CoMoments) CovarSamp() (float64, bool) {
	if c.n < 2 {
		return 0, false
	}
	return c.sxy / float64(c.n-1), true
}

// Corr returns the correlation coefficient of y and x, false (NULL) with no
// pair or when x or y has zero variance (so also with a single pair). The
// result is clamped to [-1, 1] against rounding.
func (c *CoMoments) Corr() (float64, bool) {
	if c.n < 1 || c.sxx == 0 || c.syy == 0 {
		return 0, false
	}
	r := c.sxy / (math.Sqrt(c.sxx) * math.Sqrt(c.syy))
	return max(-1, min(1, r)), true // min/max keep NaN
}

// RegrSlope returns the slope of the least-squares line y = slope·x +
// intercept, false (NULL) with no pair or when x has zero variance.
func (c *CoMoments) RegrSlope() (float64, bool) {
	if c.n < 1 || c.sxx == 0 {
		return 0, false
	}
	return c.sxy / c.sxx, true
}

// RegrIntercept returns the y-intercept of the least-squares line, false
// (NULL) with no pair or when x has zero variance.
func (c *CoMoments) RegrIntercept() (float64, bool) {
	if c.n < 1 || c.sxx == 0 {
		return 0, false
	}
	return c.my - c.mx*(c.sxy/c.sxx), true
}

// RegrR2 returns the square of the correlation coefficient, false (NULL)
// with no pair or when x has zero variance; 1 when y has zero variance and x
// has not (PostgreSQL).
func (c *CoMoments) RegrR2() (float64, bool) {
	if c.n < 1 || c.sxx == 0 {
		return 0, false
	}
	if c.syy == 0 {
		return 1, true
	}
	r := c.sxy / c.sxx * (c.sxy / c.syy)
	return min(1, r), true
}
