package decimal

import (
	"math"
	"math/big"
	"math/rand"
	"strconv"
	"testing"
)

// Property tests: random operands (fixed seeds, so failures reproduce),
// every result compared with math/big, including that ok is false exactly
// when the true result does not fit.

func iterations(t *testing.T) int {
	if testing.Short() {
		return 5_000
	}
	return 30_000
}

// check64 compares an int64 result with the exact one.
func check64(t *testing.T, what string, got int64, ok bool, want *big.Int) {
	t.Helper()
	w, fits := int64Of(want)
	if ok != fits || ok && got != w {
		t.Fatalf("%s = %d, ok=%v; want %v (fits int64: %v)", what, got, ok, want, fits)
	}
}

// check128 compares an Int128 result with the exact one.
func check128(t *testing.T, what string, got Int128, ok bool, want *big.Int) {
	t.Helper()
	w, fits := int128Of(want)
	if ok != fits || ok && got != w {
		t.Fatalf("%s = %v, ok=%v; want %v (fits Int128: %v)", what, got, ok, want, fits)
	}
}

func TestPropAddSub(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for range iterations(t) {
		a, b := randInt64(rng), randInt64(rng)
		s, ok := Add64(a, b)
		check64(t, "Add64", s, ok, new(big.Int).Add(big.NewInt(a), big.NewInt(b)))
		d, ok := Sub64(a, b)
		check64(t, "Sub64", d, ok, new(big.Int).Sub(big.NewInt(a), big.NewInt(b)))
		n, ok := Neg64(a)
		check64(t, "Neg64", n, ok, new(big.Int).Neg(big.NewInt(a)))

		x, y := randInt128(rng), randInt128(rng)
		bx, by := bigOf128(x), bigOf128(y)
		s128, ok := Add128(x, y)
		check128(t, "Add128", s128, ok, new(big.Int).Add(bx, by))
		d128, ok := Sub128(x, y)
		check128(t, "Sub128", d128, ok, new(big.Int).Sub(bx, by))
		n128, ok := Neg128(x)
		check128(t, "Neg128", n128, ok, new(big.Int).Neg(bx))
		a128, ok := Abs128(x)
		check128(t, "Abs128", a128, ok, new(big.Int).Abs(bx))
	}
}

func TestPropMul(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for range iterations(t) {
		a, b := randInt64(rng), randInt64(rng)
		drop := rng.Intn(41) - 3
		got, ok := Mul64(a, b, drop)
		prod := new(big.Rat).SetInt(new(big.Int).Mul(big.NewInt(a), big.NewInt(b)))
		check64(t, "Mul64("+strconv.FormatInt(a, 10)+", "+strconv.FormatInt(b, 10)+", "+strconv.Itoa(drop)+")",
			got, ok, mantissaOf(prod, -drop))

		x, y := randInt128(rng), randInt128(rng)
		drop = rng.Intn(82) - 3
		got128, ok := Mul128(x, y, drop)
		prod = new(big.Rat).SetInt(new(big.Int).Mul(bigOf128(x), bigOf128(y)))
		check128(t, "Mul128("+x.String()+", "+y.String()+", "+strconv.Itoa(drop)+")", got128, ok, mantissaOf(prod, -drop))
	}
}

func TestPropDiv(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for range iterations(t) {
		a, b := randInt64(rng), randInt64(rng)
		sa, sb, s := rng.Intn(19), rng.Intn(19), rng.Intn(19)
		got, ok, dz := Div64(a, sa, b, sb, s)
		what := "Div64(" + strconv.FormatInt(a, 10) + "@" + strconv.Itoa(sa) + ", " +
			strconv.FormatInt(b, 10) + "@" + strconv.Itoa(sb) + ", " + strconv.Itoa(s) + ")"
		if b == 0 {
			if ok || !dz {
				t.Fatalf("%s: ok=%v divByZero=%v", what, ok, dz)
			}
		} else {
			if dz {
				t.Fatalf("%s: divByZero", what)
			}
			q := new(big.Rat).Quo(ratOf(big.NewInt(a), sa), ratOf(big.NewInt(b), sb))
			check64(t, what, got, ok, mantissaOf(q, s))
		}

		x, y := randInt128(rng), randInt128(rng)
		sa, sb, s = rng.Intn(39), rng.Intn(39), rng.Intn(39)
		got128, ok, dz := Div128(x, sa, y, sb, s)
		what = "Div128(" + x.String() + "@" + strconv.Itoa(sa) + ", " + y.String() + "@" + strconv.Itoa(sb) + ", " + strconv.Itoa(s) + ")"
		if y == (Int128{}) {
			if ok || !dz {
				t.Fatalf("%s: ok=%v divByZero=%v", what, ok, dz)
			}
			continue
		}
		q := new(big.Rat).Quo(ratOf(bigOf128(x), sa), ratOf(bigOf128(y), sb))
		check128(t, what, got128, ok, mantissaOf(q, s))
	}
}

func TestPropMod(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for range iterations(t) {
		a, b := randInt64(rng), randInt64(rng)
		if b != 0 {
			r, _ := Mod64(a, b)
			check64(t, "Mod64", r, true, new(big.Int).Rem(big.NewInt(a), big.NewInt(b)))
		}
		x, y := randInt128(rng), randInt128(rng)
		if y != (Int128{}) {
			r, _ := Mod128(x, y)
			check128(t, "Mod128("+x.String()+", "+y.String()+")", r, true, new(big.Int).Rem(bigOf128(x), bigOf128(y)))
		}
	}
}

func TestPropRescale(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for range iterations(t) {
		m := randInt64(rng)
		from, to := rng.Intn(19), rng.Intn(19)
		got, ok := Rescale64(m, from, to)
		check64(t, "Rescale64("+strconv.FormatInt(m, 10)+", "+strconv.Itoa(from)+", "+strconv.Itoa(to)+")",
			got, ok, mantissaOf(ratOf(big.NewInt(m), from), to))
		if v, ok := FromInt64(m, to); true {
			check64(t, "FromInt64", v, ok, new(big.Int).Mul(big.NewInt(m), bigPow10(to)))
		}
		check64(t, "ToInt64Trunc", ToInt64Trunc(m, from), true, truncRat(ratOf(big.NewInt(m), from)))

		x := randInt128(rng)
		from, to = rng.Intn(39), rng.Intn(39)
		got128, ok := Rescale128(x, from, to)
		check128(t, "Rescale128("+x.String()+", "+strconv.Itoa(from)+", "+strconv.Itoa(to)+")",
			got128, ok, mantissaOf(ratOf(bigOf128(x), from), to))
		v, ok := FromInt128(m, to)
		check128(t, "FromInt128", v, ok, new(big.Int).Mul(big.NewInt(m), bigPow10(to)))
		i64, ok := ToInt64Trunc128(x, from)
		check64(t, "ToInt64Trunc128", i64, ok, truncRat(ratOf(bigOf128(x), from)))
	}
}

func TestPropCmp(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	for i := range iterations(t) {
		a, b := randInt64(rng), randInt64(rng)
		sa, sb := rng.Intn(19), rng.Intn(19)
		if i%4 == 0 {
			// Equal values at different scales.
			if v, ok := Rescale64(a, sa, sb); ok {
				b = v
			}
		}
		want := ratOf(big.NewInt(a), sa).Cmp(ratOf(big.NewInt(b), sb))
		if got := Cmp64(a, sa, b, sb); got != want {
			t.Fatalf("Cmp64(%d@%d, %d@%d) = %d; want %d", a, sa, b, sb, got, want)
		}
		x, y := randInt128(rng), randInt128(rng)
		sa, sb = rng.Intn(39), rng.Intn(39)
		if i%4 == 0 {
			if v, ok := Rescale128(x, sa, sb); ok {
				y = v
			}
		}
		want = ratOf(bigOf128(x), sa).Cmp(ratOf(bigOf128(y), sb))
		if got := Cmp128(x, sa, y, sb); got != want {
			t.Fatalf("Cmp128(%v@%d, %v@%d) = %d; want %d", x, sa, y, sb, got, want)
		}
	}
}

// roundedAt returns ROUND/TRUNC of m@scale to d digits as a mantissa at
// scale max(0, min(scale, d)), using rnd to round to an integer.
func roundedAt(m *big.Int, scale, d int, rnd func(*big.Rat) *big.Int) *big.Int {
	if d >= scale {
		return m
	}
	v := ratOf(m, scale)
	if d >= 0 {
		return rnd(v.Mul(v, new(big.Rat).SetInt(bigPow10(d))))
	}
	q := rnd(v.Quo(v, new(big.Rat).SetInt(bigPow10(-d))))
	return q.Mul(q, bigPow10(-d))
}

func TestPropRound(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for range iterations(t) {
		m := randInt64(rng)
		scale, d := rng.Intn(19), rng.Intn(51)-25
		bm := big.NewInt(m)
		what := "(" + strconv.FormatInt(m, 10) + ", " + strconv.Itoa(scale) + ", " + strconv.Itoa(d) + ")"
		got, ok := Round64(m, scale, d)
		check64(t, "Round64"+what, got, ok, roundedAt(bm, scale, d, roundHalfAway))
		check64(t, "Trunc64"+what, Trunc64(m, scale, d), true, roundedAt(bm, scale, d, truncRat))
		check64(t, "Floor64"+what, Floor64(m, scale), true, floorRat(ratOf(bm, scale)))
		check64(t, "Ceil64"+what, Ceil64(m, scale), true, new(big.Int).Neg(floorRat(ratOf(new(big.Int).Neg(bm), scale))))

		x := randInt128(rng)
		scale, d = rng.Intn(39), rng.Intn(101)-50
		bx := bigOf128(x)
		what = "(" + x.String() + ", " + strconv.Itoa(scale) + ", " + strconv.Itoa(d) + ")"
		got128, ok := Round128(x, scale, d)
		check128(t, "Round128"+what, got128, ok, roundedAt(bx, scale, d, roundHalfAway))
		check128(t, "Trunc128"+what, Trunc128(x, scale, d), true, roundedAt(bx, scale, d, truncRat))
		check128(t, "Floor128"+what, Floor128(x, scale), true, floorRat(ratOf(bx, scale)))
		check128(t, "Ceil128"+what, Ceil128(x, scale), true, new(big.Int).Neg(floorRat(ratOf(new(big.Int).Neg(bx), scale))))
	}
}

func TestPropParseFormat(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	for range iterations(t) {
		m := randInt64(rng)
		scale := rng.Intn(19)
		text := Append64(nil, m, scale)
		// The text is the exact value...
		r, ok, _ := parseRat(string(text))
		if !ok || r.Cmp(ratOf(big.NewInt(m), scale)) != 0 {
			t.Fatalf("Append64(%d, %d) = %q: not the value", m, scale, text)
		}
		// ...and parses back, at this scale and at others.
		to := rng.Intn(19)
		got, ok := Parse64(text, to)
		check64(t, "Parse64("+string(text)+", "+strconv.Itoa(to)+")", got, ok, mantissaOf(r, to))

		x := randInt128(rng)
		scale = rng.Intn(39)
		text = Append128(nil, x, scale)
		r, ok, _ = parseRat(string(text))
		if !ok || r.Cmp(ratOf(bigOf128(x), scale)) != 0 {
			t.Fatalf("Append128(%v, %d) = %q: not the value", x, scale, text)
		}
		to = rng.Intn(39)
		got128, ok := Parse128(text, to)
		check128(t, "Parse128("+string(text)+", "+strconv.Itoa(to)+")", got128, ok, mantissaOf(r, to))
		// With an exponent instead of the point.
		etext := string(Append128(nil, x, 0)) + "e-" + strconv.Itoa(scale)
		got128, ok = Parse128([]byte(etext), to)
		check128(t, "Parse128("+etext+", "+strconv.Itoa(to)+")", got128, ok, mantissaOf(r, to))
	}
}

func TestPropSum(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	n := iterations(t) / 10
	for range 20 {
		var s64 Sum64
		var s128 Sum128
		want64, want128 := new(big.Int), new(big.Int)
		for range n {
			m := randInt64(rng)
			x := randInt128(rng)
			if rng.Intn(4) == 0 {
				s64.Sub(m)
				want64.Sub(want64, big.NewInt(m))
				s128.Sub(x)
				want128.Sub(want128, bigOf128(x))
			} else {
				s64.Add(m)
				want64.Add(want64, big.NewInt(m))
				s128.Add(x)
				want128.Add(want128, bigOf128(x))
			}
		}
		check128(t, "Sum64.Value", s64.Value(), true, want64)
		v, ok := s64.Fits64()
		check64(t, "Sum64.Fits64", v, ok, want64)
		v128, ok := s128.Value()
		check128(t, "Sum128.Value", v128, ok, want128)
	}
	// Wrapping and unwrapping back into range.
	var s Sum64
	s.Add(math.MaxInt64)
	s.Add(math.MaxInt64)
	s.Add(math.MaxInt64)
	if got := s.Value().String(); got != "27670116110564327421" {
		t.Errorf("3·MaxInt64 = %s", got)
	}
	s.Sub(math.MaxInt64)
	s.Sub(math.MaxInt64)
	if v, ok := s.Fits64(); !ok || v != math.MaxInt64 {
		t.Errorf("after Sub: %d, %v", v, ok)
	}
	s = Sum64{}
	s.Add(math.MinInt64)
	s.Add(-1)
	if _, ok := s.Fits64(); ok || s.Value().String() != "-9223372036854775809" {
		t.Errorf("MinInt64-1 = %v", s.Value())
	}
	var w Sum128
	w.Add(maxInt128)
	w.Add(To128(1))
	if _, ok := w.Value(); ok {
		t.Error("Sum128 max+1 fits?")
	}
	w.Add(To128(-2))
	if v, ok := w.Value(); !ok || v != (Int128{Hi: maxInt128.Hi, Lo: maxInt128.Lo - 1}) {
		t.Errorf("Sum128 max+1-2 = %v, %v", v, ok)
	}
}

func TestPropAvg(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	for range iterations(t) {
		sum := randInt128(rng)
		count := randInt64(rng)
		ss, rs := rng.Intn(39), rng.Intn(39)
		got, ok := Avg(sum, ss, count, rs)
		if count <= 0 {
			if ok {
				t.Fatalf("Avg(%v, count %d) ok", sum, count)
			}
			continue
		}
		q := new(big.Rat).Quo(ratOf(bigOf128(sum), ss), new(big.Rat).SetInt64(count))
		check128(t, "Avg("+sum.String()+"@"+strconv.Itoa(ss)+", "+strconv.FormatInt(count, 10)+", "+strconv.Itoa(rs)+")",
			got, ok, mantissaOf(q, rs))
	}
}

func TestPropFloat(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for i := range iterations(t) {
		var f float64
		switch i % 4 {
		case 0: // any finite float
			f = math.Float64frombits(rng.Uint64())
			if math.IsNaN(f) || math.IsInf(f, 0) {
				continue
			}
		case 1: // ordinary magnitudes
			f = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.Intn(40)-20))
		case 2: // decimal ties and their neighbours: (k+0.5)/10^s ± a few ulps
			s := rng.Intn(10)
			f = (float64(rng.Int63n(1e6)) + 0.5) / math.Pow(10, float64(s))
			for k := rng.Intn(5) - 2; k != 0; k -= sign(k) {
				f = math.Nextafter(f, math.Inf(sign(k)))
			}
		case 3: // short decimals
			f, _ = strconv.ParseFloat(strconv.FormatInt(rng.Int63n(1e9), 10)+"e-"+strconv.Itoa(rng.Intn(12)), 64)
		}
		scale := rng.Intn(19)
		r, _, _ := parseRat(strconv.FormatFloat(f, 'e', -1, 64))
		want := mantissaOf(r, scale)
		got, ok := FromFloat64(f, scale)
		check64(t, "FromFloat64("+strconv.FormatFloat(f, 'g', -1, 64)+", "+strconv.Itoa(scale)+")", got, ok, want)
		// The slow path alone agrees too.
		var buf [32]byte
		slow, ok := Parse64(strconv.AppendFloat(buf[:0], f, 'e', -1, 64), scale)
		check64(t, "FromFloat64 slow path", slow, ok, want)

		scale128 := rng.Intn(39)
		got128, ok := FromFloat128(f, scale128)
		check128(t, "FromFloat128("+strconv.FormatFloat(f, 'g', -1, 64)+", "+strconv.Itoa(scale128)+")",
			got128, ok, mantissaOf(r, scale128))

		// ToFloat: correctly rounded.
		m := randInt64(rng)
		wantF, _ := ratOf(big.NewInt(m), scale).Float64()
		if gotF := ToFloat64(m, scale); gotF != wantF {
			t.Fatalf("ToFloat64(%d, %d) = %v; want %v", m, scale, gotF, wantF)
		}
		x := randInt128(rng)
		wantF, _ = ratOf(bigOf128(x), scale128).Float64()
		if gotF := ToFloat128(x, scale128); gotF != wantF {
			t.Fatalf("ToFloat128(%v, %d) = %v; want %v", x, scale128, gotF, wantF)
		}
	}
}

func sign(k int) int {
	if k < 0 {
		return -1
	}
	return 1
}

// TestDivModKnuth drives the 256-by-128-bit division with digits chosen
// to reach its corner cases (estimates off by one or two, a top digit
// equal to the divisor's, carries), against math/big.
func TestDivModKnuth(t *testing.T) {
	digits := []uint64{0, 1, 2, 1<<63 - 1, 1 << 63, 1<<63 + 1, 1<<64 - 2, 1<<64 - 1, 0x5555555555555555, 0xAAAAAAAAAAAAAAAA}
	rng := rand.New(rand.NewSource(12))
	pick := func() uint64 {
		if rng.Intn(3) == 0 {
			return rng.Uint64() >> uint(rng.Intn(64))
		}
		return digits[rng.Intn(len(digits))]
	}
	n := iterations(t) * 5
	for range n {
		num := u256{pick(), pick(), pick(), pick()}
		if rng.Intn(2) == 0 {
			num.w3 = 0
		}
		if rng.Intn(4) == 0 {
			num.w2 = 0
		}
		d := u128{pick(), pick()}
		if d.isZero() {
			continue
		}
		bn := new(big.Int)
		for _, w := range []uint64{num.w3, num.w2, num.w1, num.w0} {
			bn.Lsh(bn, 64).Or(bn, new(big.Int).SetUint64(w))
		}
		bd := new(big.Int).Lsh(new(big.Int).SetUint64(d.hi), 64)
		bd.Or(bd, new(big.Int).SetUint64(d.lo))
		bq, br := new(big.Int).QuoRem(bn, bd, new(big.Int))
		q, r, ok := num.divMod(d)
		fits := bq.BitLen() <= 128
		if ok != fits {
			t.Fatalf("%x / %x: ok=%v, want %v", num, d, ok, fits)
		}
		if !ok {
			continue
		}
		gq := new(big.Int).Lsh(new(big.Int).SetUint64(q.hi), 64)
		gq.Or(gq, new(big.Int).SetUint64(q.lo))
		gr := new(big.Int).Lsh(new(big.Int).SetUint64(r.hi), 64)
		gr.Or(gr, new(big.Int).SetUint64(r.lo))
		if gq.Cmp(bq) != 0 || gr.Cmp(br) != 0 {
			t.Fatalf("%x / %x = %v rem %v; want %v rem %v", num, d, gq, gr, bq, br)
		}
	}
}
