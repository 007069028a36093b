package avrorec

import (
	"math"
	"math/big"
	"testing"
)

func zigzag(v int64) []byte {
	u := uint64(v<<1) ^ uint64(v>>63)
	var b []byte
	for u >= 0x80 {
		b = append(b, byte(u)|0x80)
		u >>= 7
	}
	return append(b, byte(u))
}

func TestReader(t *testing.T) {
	var msg []byte
	for _, v := range []int64{0, -1, 1, 63, -64, 64, math.MaxInt64, math.MinInt64} {
		msg = append(msg, zigzag(v)...)
	}
	msg = append(msg, 1, 0)                         // true, false
	msg = append(msg, 0x00, 0x00, 0xc0, 0x3f)       // float 1.5
	msg = append(msg, 0, 0, 0, 0, 0, 0, 0x04, 0xc0) // double -2.5
	msg = append(msg, zigzag(3)...)
	msg = append(msg, "abc"...)
	var r Reader
	r.Reset(msg)
	for _, want := range []int64{0, -1, 1, 63, -64, 64, math.MaxInt64, math.MinInt64} {
		if got := r.Long(); got != want {
			t.Errorf("Long() = %d, want %d", got, want)
		}
	}
	if !r.Bool() || r.Bool() || r.Float() != 1.5 || r.Double() != -2.5 || string(r.Bytes()) != "abc" || r.Err() != nil || r.Len() != 0 {
		t.Errorf("reads went wrong: err %v, %d left", r.Err(), r.Len())
	}
	// Errors stick and name the problem.
	for _, bad := range [][]byte{{0x80}, append(zigzag(10), 'x'), {2}} {
		r.Reset(bad)
		r.Bytes()
		if bad[0] == 2 {
			r.Reset(bad)
			r.Bool()
		}
		if r.Err() == nil {
			t.Errorf("%x: no error", bad)
		}
	}
	r.Reset([]byte{0, 0, 0, 0, 7, 42})
	if r.ConfluentHeader(); r.Err() != nil || r.Long() != 21 {
		t.Errorf("after the header: %v", r.Err())
	}
	r.Reset([]byte{1, 2})
	if r.ConfluentHeader(); r.Err() == nil {
		t.Error("a value without the magic byte passed")
	}
}

func TestDecimal(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "127", "-128", "255", "-129", "9223372036854775807", "-9223372036854775808",
		"170141183460469231731687303715884105727", "-170141183460469231731687303715884105728", "12345678901234567890123"} {
		n, _ := new(big.Int).SetString(s, 10)
		b := twos(n)
		v64, ok64 := Decimal64(b)
		if fits := n.IsInt64(); ok64 != fits || fits && v64 != n.Int64() {
			t.Errorf("Decimal64(%s) = %d, %v", s, v64, ok64)
		}
		v, ok := Decimal128(b)
		if !ok || v.String() != s {
			t.Errorf("Decimal128(%s) = %s, %v", s, v.String(), ok)
		}
		// Sign-extended with padding bytes, as writers may.
		pad := byte(0)
		if n.Sign() < 0 {
			pad = 0xff
		}
		if v, ok := Decimal128(append([]byte{pad, pad, pad}, b...)); !ok || v.String() != s {
			t.Errorf("padded Decimal128(%s) = %s, %v", s, v.String(), ok)
		}
	}
	big17 := append([]byte{0x01}, make([]byte, 16)...)
	if _, ok := Decimal128(big17); ok {
		t.Error("a 2^128 mantissa fit")
	}
	if FloorDiv(-1, 1000) != -1 || FloorDiv(1999, 1000) != 1 || FloorDiv(-1000, 1000) != -1 {
		t.Error("FloorDiv")
	}
}

// twos is n's minimal big-endian two's complement.
func twos(n *big.Int) []byte {
	if n.Sign() >= 0 {
		b := n.Bytes()
		if len(b) == 0 || b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	// -n-1, inverted.
	m := new(big.Int).Neg(n)
	m.Sub(m, big.NewInt(1))
	b := m.Bytes()
	for i := range b {
		b[i] = ^b[i]
	}
	if len(b) == 0 || b[0]&0x80 == 0 {
		b = append([]byte{0xff}, b...)
	}
	return b
}

// TestRoundTrip writes values with the Append functions and reads them
// back.
func TestRoundTrip(t *testing.T) {
	var b []byte
	b = AppendHeader(b, 42)
	for _, v := range []int64{0, -1, 1, math.MaxInt64, math.MinInt64} {
		b = AppendLong(b, v)
	}
	b = AppendBool(b, true)
	b = AppendFloat(b, 1.25)
	b = AppendDouble(b, -3.5)
	b = AppendBytes(b, "héllo")
	var buf [16]byte
	for _, m := range []int64{0, 1, -1, 127, 128, -128, -129, math.MaxInt64, math.MinInt64} {
		b = AppendDecimal(b, Decimal64Bytes(&buf, m))
	}
	b, ok := AppendFixedDecimal(b, Decimal64Bytes(&buf, -5), 6)
	if !ok {
		t.Fatal("-5 does not fit 6 bytes")
	}
	var r Reader
	r.Reset(b)
	r.ConfluentHeader()
	for _, v := range []int64{0, -1, 1, math.MaxInt64, math.MinInt64} {
		if got := r.Long(); got != v {
			t.Errorf("long %d read back as %d", v, got)
		}
	}
	if !r.Bool() || r.Float() != 1.25 || r.Double() != -3.5 || string(r.Bytes()) != "héllo" {
		t.Error("primitives did not read back")
	}
	for _, m := range []int64{0, 1, -1, 127, 128, -128, -129, math.MaxInt64, math.MinInt64} {
		raw := r.Bytes()
		if got, ok := Decimal64(raw); !ok || got != m || len(raw) > 1 && (raw[0] == 0 && raw[1]&0x80 == 0 || raw[0] == 0xff && raw[1]&0x80 != 0) {
			t.Errorf("decimal %d read back as %d (%x)", m, got, raw)
		}
	}
	if got, ok := Decimal64(r.Fixed(6)); !ok || got != -5 {
		t.Errorf("fixed decimal -5 read back as %d", got)
	}
	if r.Err() != nil || r.Len() != 0 {
		t.Errorf("err %v, %d bytes left", r.Err(), r.Len())
	}
	if _, ok := AppendFixedDecimal(nil, Decimal64Bytes(&buf, math.MaxInt64), 4); ok {
		t.Error("an 8-byte mantissa fit a 4-byte fixed")
	}
}
