package decimal

import (
	"math"
	"math/big"
	"math/rand"
	"regexp"
	"strings"
)

// The oracle: the same operations done with math/big, exactly, by the
// book. Tests compare every result (and every overflow report) with it.

var (
	bigMaxInt64  = big.NewInt(math.MaxInt64)
	bigMinInt64  = big.NewInt(math.MinInt64)
	bigMaxInt128 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 127), big.NewInt(1))
	bigMinInt128 = new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 127))
)

func bigPow10(k int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
}

func bigOf128(x Int128) *big.Int {
	b := new(big.Int).Lsh(big.NewInt(x.Hi), 64)
	return b.Add(b, new(big.Int).SetUint64(x.Lo))
}

// int128Of returns b as an Int128 and whether it fits.
func int128Of(b *big.Int) (Int128, bool) {
	if b.Cmp(bigMinInt128) < 0 || b.Cmp(bigMaxInt128) > 0 {
		return Int128{}, false
	}
	lo := new(big.Int).And(b, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	hi := new(big.Int).Rsh(b, 64).Int64()
	return Int128{Hi: hi, Lo: lo}, true
}

// int64Of returns b as an int64 and whether it fits.
func int64Of(b *big.Int) (int64, bool) {
	if b.Cmp(bigMinInt64) < 0 || b.Cmp(bigMaxInt64) > 0 {
		return 0, false
	}
	return b.Int64(), true
}

// ratOf returns the value m/10^scale.
func ratOf(m *big.Int, scale int) *big.Rat {
	return new(big.Rat).SetFrac(m, bigPow10(scale))
}

// mantissaOf returns r·10^scale rounded half away from zero; scale may be
// negative.
func mantissaOf(r *big.Rat, scale int) *big.Int {
	if scale < 0 {
		return roundHalfAway(new(big.Rat).Quo(r, new(big.Rat).SetInt(bigPow10(-scale))))
	}
	return roundHalfAway(new(big.Rat).Mul(r, new(big.Rat).SetInt(bigPow10(scale))))
}

// roundHalfAway rounds x to an integer, half away from zero.
func roundHalfAway(x *big.Rat) *big.Int {
	num := new(big.Int).Abs(x.Num())
	den := x.Denom()
	// floor((2·num + den) / (2·den))
	n2 := new(big.Int).Lsh(num, 1)
	n2.Add(n2, den)
	q := n2.Quo(n2, new(big.Int).Lsh(den, 1))
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

// truncRat rounds x toward zero.
func truncRat(x *big.Rat) *big.Int {
	return new(big.Int).Quo(x.Num(), x.Denom())
}

// floorRat rounds x toward -∞.
func floorRat(x *big.Rat) *big.Int {
	// Euclidean division by the positive denominator is floor division.
	q, _ := new(big.Int).DivMod(x.Num(), x.Denom(), new(big.Int))
	return q
}

// numberSyntax is the grammar Parse64 and Parse128 accept.
var numberSyntax = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$`)

// parseRat parses text by the grammar of parse.go, independently of it,
// and reports whether the syntax is valid. hugeExp reports an exponent too
// large for the oracle to expand (the caller checks those another way).
func parseRat(s string) (r *big.Rat, ok, hugeExp bool) {
	g := numberSyntax.FindStringSubmatch(s)
	if g == nil || g[2] == "" && g[3] == "" {
		return nil, false, false
	}
	digits := g[2] + g[3]
	d, _ := new(big.Int).SetString("0"+digits, 10)
	exp := 0
	if g[4] != "" {
		e := strings.TrimLeft(strings.TrimLeft(g[4], "+-"), "0")
		if len(e) > 5 {
			return nil, true, true
		}
		for _, c := range e {
			exp = exp*10 + int(c-'0')
		}
		if strings.HasPrefix(g[4], "-") {
			exp = -exp
		}
	}
	exp -= len(g[3])
	r = new(big.Rat).SetInt(d)
	if exp >= 0 {
		r.Mul(r, new(big.Rat).SetInt(bigPow10(exp)))
	} else {
		r.Quo(r, new(big.Rat).SetInt(bigPow10(-exp)))
	}
	if g[1] == "-" {
		r.Neg(r)
	}
	return r, true, false
}

// Random operands. Uniform random 64-bit numbers are almost all huge, so
// the generators pick a random bit length first, and mix in the values
// where bugs live: 0, ±1, powers of ten and their neighbours, halves, and
// the limits.

func randInt64(rng *rand.Rand) int64 {
	switch rng.Intn(8) {
	case 0:
		specials := []int64{0, 1, -1, 5, -5, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}
		return specials[rng.Intn(len(specials))]
	case 1:
		k := rng.Intn(19)
		v := int64(pow10[k]) + int64(rng.Intn(3)) - 1
		if k > 0 && rng.Intn(3) == 0 {
			v = 5 * int64(pow10[k-1]) // a half
		}
		if rng.Intn(2) == 0 {
			v = -v
		}
		return v
	}
	n := rng.Intn(64)
	v := int64(rng.Uint64() >> (63 - n) >> 1)
	if rng.Intn(2) == 0 {
		v = -v
	}
	return v
}

func randInt128(rng *rand.Rand) Int128 {
	switch rng.Intn(8) {
	case 0:
		specials := []Int128{{}, To128(1), To128(-1), maxInt128, minInt128,
			{Hi: 0, Lo: math.MaxUint64}, {Hi: -1, Lo: 0}, {Hi: 1, Lo: 0}, To128(math.MaxInt64), To128(math.MinInt64)}
		return specials[rng.Intn(len(specials))]
	case 1:
		k := rng.Intn(39)
		b := bigPow10(k)
		b.Add(b, big.NewInt(int64(rng.Intn(3)-1)))
		if k > 0 && rng.Intn(3) == 0 {
			b = new(big.Int).Mul(big.NewInt(5), bigPow10(k-1))
		}
		if rng.Intn(2) == 0 {
			b.Neg(b)
		}
		x, _ := int128Of(b)
		return x
	case 2:
		return To128(randInt64(rng))
	}
	n := rng.Intn(128)
	hi, lo := rng.Uint64(), rng.Uint64()
	// keep n bits: shift the 128-bit value right by 128-n, then make it
	// non-negative and apply a random sign
	s := uint(128 - n)
	if s >= 64 {
		lo = hi >> (s - 64)
		hi = 0
	} else if s > 0 {
		lo = lo>>s | hi<<(64-s)
		hi >>= s
	}
	x := Int128{Hi: int64(hi >> 1), Lo: lo}
	if rng.Intn(2) == 0 {
		x = x.neg()
	}
	return x
}
