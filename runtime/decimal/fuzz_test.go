package decimal

import (
	"math/big"
	"testing"
)

func FuzzParse64(f *testing.F) {
	for _, s := range []string{"0", "-0.125", "12.50", "1.5e3", "2E-2", ".5", "5.", "-", ".", "1.2.3", "1e",
		"9223372036854775807", "-9223372036854775808", "92233720368547758.075", "1e-99999", "00012.3400e+2"} {
		f.Add([]byte(s), uint8(2))
	}
	f.Fuzz(func(t *testing.T, b []byte, s uint8) {
		scale := int(s % (MaxPrecision64 + 1))
		m, ok := Parse64(b, scale)
		if ok {
			text := Append64(nil, m, scale)
			if back, ok := Parse64(text, scale); !ok || back != m {
				t.Fatalf("Parse64(%q) = %d; Append64 → %q → %d, %v", b, m, text, back, ok)
			}
		}
		r, valid, hugeExp := parseRat(string(b))
		if !valid {
			if ok {
				t.Fatalf("Parse64(%q) accepted malformed text as %d", b, m)
			}
			return
		}
		if hugeExp {
			return
		}
		// The oracle agrees with big.Rat's own parser where that accepts
		// the text.
		if r2, ok := new(big.Rat).SetString(string(b)); ok && r2.Cmp(r) != 0 {
			t.Fatalf("oracle parses %q as %v, big.Rat as %v", b, r, r2)
		}
		check64(t, "Parse64("+string(b)+")", m, ok, mantissaOf(r, scale))

		scale128 := int(s % (MaxPrecision128 + 1))
		m128, ok := Parse128(b, scale128)
		check128(t, "Parse128("+string(b)+")", m128, ok, mantissaOf(r, scale128))
	})
}

func FuzzDiv64(f *testing.F) {
	f.Add(int64(10000), uint8(2), int64(3), uint8(0), uint8(6))
	f.Add(int64(-1), uint8(18), int64(3), uint8(0), uint8(18))
	f.Add(int64(-9223372036854775808), uint8(0), int64(-1), uint8(0), uint8(0))
	f.Add(int64(5), uint8(0), int64(0), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, a int64, sa uint8, b int64, sb uint8, s uint8) {
		as, bs, rs := int(sa%19), int(sb%19), int(s%19)
		q, ok, dz := Div64(a, as, b, bs, rs)
		if b == 0 {
			if ok || !dz {
				t.Fatalf("Div64(%d, 0): ok=%v divByZero=%v", a, ok, dz)
			}
			return
		}
		if dz {
			t.Fatalf("Div64(%d, %d): divByZero", a, b)
		}
		want := mantissaOf(new(big.Rat).Quo(ratOf(big.NewInt(a), as), ratOf(big.NewInt(b), bs)), rs)
		check64(t, "Div64", q, ok, want)
	})
}

func FuzzDiv128(f *testing.F) {
	f.Add(int64(0), uint64(10000), uint8(2), int64(0), uint64(3), uint8(0), uint8(6))
	f.Add(int64(-1<<63), uint64(0), uint8(38), int64(0), uint64(7), uint8(0), uint8(38))
	f.Add(int64(1<<62), uint64(99), uint8(0), int64(1<<40), uint64(1), uint8(30), uint8(10))
	f.Fuzz(func(t *testing.T, ahi int64, alo uint64, sa uint8, bhi int64, blo uint64, sb uint8, s uint8) {
		a, b := Int128{Hi: ahi, Lo: alo}, Int128{Hi: bhi, Lo: blo}
		as, bs, rs := int(sa%39), int(sb%39), int(s%39)
		q, ok, dz := Div128(a, as, b, bs, rs)
		if b == (Int128{}) {
			if ok || !dz {
				t.Fatalf("Div128(%v, 0): ok=%v divByZero=%v", a, ok, dz)
			}
			return
		}
		want := mantissaOf(new(big.Rat).Quo(ratOf(bigOf128(a), as), ratOf(bigOf128(b), bs)), rs)
		check128(t, "Div128", q, ok, want)
		// Multiplying back is exact where the division was.
		p, ok := Mul128(a, b, 0)
		check128(t, "Mul128", p, ok, new(big.Int).Mul(bigOf128(a), bigOf128(b)))
	})
}
