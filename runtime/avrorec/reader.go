// Package avrorec reads Avro binary values (the Avro specification's
// binary encoding) for the decoders veloc generates for Kafka messages
// whose 'format' is avro: the generated code knows the writer's schema
// when it is compiled and reads each field in order with these methods,
// skipping the fields the query does not use. There is no schema
// interpretation at run time, no reflection and no allocation.
package avrorec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/velocsql/veloc/runtime/decimal"
)

// Reader reads one Avro binary value. The first error sticks: later
// reads return zero values, and Err reports it.
type Reader struct {
	buf []byte
	err error
}

// Reset starts reading b.
func (r *Reader) Reset(b []byte) { r.buf, r.err = b, nil }

// Err returns the first error, if any.
func (r *Reader) Err() error { return r.err }

// Len returns the number of bytes not read yet.
func (r *Reader) Len() int { return len(r.buf) }

// Fail records an error found by the caller (an unknown union branch).
func (r *Reader) Fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
	r.buf = nil
}

var errShort = errors.New("the value ends early")

// ConfluentHeader skips the 5-byte header that Confluent's serializers
// put before the value (magic byte 0, then the schema ID).
func (r *Reader) ConfluentHeader() {
	if len(r.buf) < 5 || r.buf[0] != 0 {
		r.Fail("no schema-registry header (magic byte 0 and a 4-byte schema ID)")
		return
	}
	r.buf = r.buf[5:]
}

// Long reads an int or a long: a zigzag varint.
func (r *Reader) Long() int64 {
	if r.err != nil {
		return 0
	}
	u, n := binary.Uvarint(r.buf)
	if n <= 0 {
		if n == 0 {
			r.Fail("%w", errShort)
		} else {
			r.Fail("a varint longer than 64 bits")
		}
		return 0
	}
	r.buf = r.buf[n:]
	return int64(u>>1) ^ -int64(u&1)
}

// Bool reads a boolean: one byte, 0 or 1.
func (r *Reader) Bool() bool {
	b := r.Fixed(1)
	if b == nil {
		return false
	}
	if b[0] > 1 {
		r.Fail("a boolean byte is %d", b[0])
	}
	return b[0] == 1
}

// Float reads a float: 4 bytes, little-endian IEEE 754.
func (r *Reader) Float() float32 {
	b := r.Fixed(4)
	if b == nil {
		return 0
	}
	return math.Float32frombits(binary.LittleEndian.Uint32(b))
}

// Double reads a double: 8 bytes, little-endian IEEE 754.
func (r *Reader) Double() float64 {
	b := r.Fixed(8)
	if b == nil {
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b))
}

// Bytes reads bytes or a string: a long length, then that many bytes. The
// slice is a view of the value.
func (r *Reader) Bytes() []byte {
	n := r.Long()
	if r.err != nil {
		return nil
	}
	if n < 0 || n > int64(len(r.buf)) {
		r.Fail("a length of %d with %d bytes left", n, len(r.buf))
		return nil
	}
	b := r.buf[:n:n]
	r.buf = r.buf[n:]
	return b
}

// Fixed reads n bytes (a fixed, or a float's or double's bytes).
func (r *Reader) Fixed(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.buf) {
		r.Fail("%w", errShort)
		return nil
	}
	b := r.buf[:n:n]
	r.buf = r.buf[n:]
	return b
}

// Decimal64 reads the big-endian two's-complement bytes of a decimal as
// an int64 mantissa, reporting false when it does not fit.
func Decimal64(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, true
	}
	if len(b) > 8 {
		// Leading sign bytes may pad a small value.
		pad := byte(0)
		if b[0]&0x80 != 0 {
			pad = 0xff
		}
		for len(b) > 8 {
			if b[0] != pad {
				return 0, false
			}
			b = b[1:]
		}
		if (b[0]&0x80 != 0) != (pad == 0xff) {
			return 0, false
		}
	}
	v := int64(int8(b[0]))
	for _, c := range b[1:] {
		v = v<<8 | int64(c)
	}
	return v, true
}

// Decimal128 reads the big-endian two's-complement bytes of a decimal as
// an Int128 mantissa, reporting false when it does not fit.
func Decimal128(b []byte) (decimal.Int128, bool) {
	if len(b) == 0 {
		return decimal.Int128{}, true
	}
	pad := byte(0)
	if b[0]&0x80 != 0 {
		pad = 0xff
	}
	for len(b) > 16 {
		if b[0] != pad {
			return decimal.Int128{}, false
		}
		b = b[1:]
	}
	if (b[0]&0x80 != 0) != (pad == 0xff) {
		return decimal.Int128{}, false
	}
	var full [16]byte
	for i := range full[:16-len(b)] {
		full[i] = pad
	}
	copy(full[16-len(b):], b)
	return decimal.Int128{Hi: int64(binary.BigEndian.Uint64(full[:8])), Lo: binary.BigEndian.Uint64(full[8:])}, true
}

// FloorDiv divides a timestamp in a finer unit down to milliseconds,
// rounding toward minus infinity (a microsecond before the epoch is the
// millisecond before it).
func FloorDiv(v, d int64) int64 {
	q := v / d
	if v%d != 0 && v < 0 {
		q--
	}
	return q
}
