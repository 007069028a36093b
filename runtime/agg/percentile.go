package agg

import (
	"cmp"
	"math"
	"slices"
)

// PercentileCont returns the p-th percentile of vals by linear interpolation
// between the two nearest values (PostgreSQL percentile_cont): with the
// values sorted, the value at 0-based position p·(n−1), interpolated. MEDIAN
// is p = 0.5. p is clamped to [0, 1]. The caller ensures len(vals) > 0 and
// skips NULLs. PercentileCont sorts vals in place; NaNs sort after every
// number, as in PostgreSQL.
func PercentileCont(vals []float64, p float64) float64 {
	sortNaNLast(vals)
	p = clampFraction(p)
	pos := p * float64(len(vals)-1)
	lo := math.Floor(pos)
	i := int(lo)
	a := vals[i]
	if pos == lo {
		return a
	}
	b := vals[i+1]
	return a + (b-a)*(pos-lo)
}

// PercentileDisc returns the first value of the sorted vals whose cumulative
// distribution (position / n) is at least p (PostgreSQL percentile_disc):
// the value at 1-based position ⌈p·n⌉, the first value for p = 0. p is
// clamped to [0, 1]. The caller ensures len(vals) > 0 and skips NULLs.
// PercentileDisc sorts vals in place; float NaNs sort after every number.
func PercentileDisc[T cmp.Ordered](vals []T, p float64) T {
	sortNaNLast(vals)
	p = clampFraction(p)
	k := int(math.Ceil(p * float64(len(vals))))
	k = max(1, min(k, len(vals)))
	return vals[k-1]
}

func clampFraction(p float64) float64 {
	if !(p >= 0) { // also NaN
		return 0
	}
	return min(p, 1)
}

// sortNaNLast sorts vals ascending with NaNs (values not equal to
// themselves, only possible for floats) at the end.
func sortNaNLast[T cmp.Ordered](vals []T) {
	j := len(vals)
	for i := 0; i < j; {
		if v := vals[i]; v != v {
			j--
			vals[i], vals[j] = vals[j], v
		} else {
			i++
		}
	}
	slices.Sort(vals[:j])
}
