package avrorec

import (
	"encoding/binary"
	"math"

	"github.com/velocsql/veloc/runtime/decimal"
)

// The Append functions write Avro binary values for the encoders veloc
// generates for Kafka sinks with Avro values: each appends to dst and
// returns it, as strconv's do.

// AppendHeader appends Confluent's schema-registry header: magic byte 0
// and the schema ID, big-endian.
func AppendHeader(dst []byte, id int) []byte {
	return binary.BigEndian.AppendUint32(append(dst, 0), uint32(id))
}

// AppendLong appends an int or a long: a zigzag varint.
func AppendLong(dst []byte, v int64) []byte {
	return binary.AppendUvarint(dst, uint64(v<<1)^uint64(v>>63))
}

// AppendBool appends a boolean.
func AppendBool(dst []byte, v bool) []byte {
	if v {
		return append(dst, 1)
	}
	return append(dst, 0)
}

// AppendFloat appends a float.
func AppendFloat(dst []byte, v float32) []byte {
	return binary.LittleEndian.AppendUint32(dst, math.Float32bits(v))
}

// AppendDouble appends a double.
func AppendDouble(dst []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
}

// AppendBytes appends bytes or a string: its length, then itself.
func AppendBytes(dst []byte, b string) []byte {
	return append(AppendLong(dst, int64(len(b))), b...)
}

// Decimal64Bytes returns m as the minimal big-endian two's complement
// Avro's decimal on bytes holds, in buf's storage.
func Decimal64Bytes(buf *[16]byte, m int64) []byte {
	binary.BigEndian.PutUint64(buf[8:], uint64(m))
	return minimal(buf[8:])
}

// Decimal128Bytes is Decimal64Bytes for an Int128 mantissa.
func Decimal128Bytes(buf *[16]byte, m decimal.Int128) []byte {
	binary.BigEndian.PutUint64(buf[:8], uint64(m.Hi))
	binary.BigEndian.PutUint64(buf[8:], m.Lo)
	return minimal(buf[:])
}

// minimal drops the leading bytes that only repeat the sign.
func minimal(b []byte) []byte {
	for len(b) > 1 && (b[0] == 0 && b[1]&0x80 == 0 || b[0] == 0xff && b[1]&0x80 != 0) {
		b = b[1:]
	}
	return b
}

// AppendDecimal appends a decimal on bytes.
func AppendDecimal(dst, two []byte) []byte {
	return append(AppendLong(dst, int64(len(two))), two...)
}

// AppendFixedDecimal appends a decimal on a fixed of size bytes,
// sign-extended, reporting false when it does not fit.
func AppendFixedDecimal(dst, two []byte, size int) ([]byte, bool) {
	if len(two) > size {
		return dst, false
	}
	pad := byte(0)
	if len(two) > 0 && two[0]&0x80 != 0 {
		pad = 0xff
	}
	for range size - len(two) {
		dst = append(dst, pad)
	}
	return append(dst, two...), true
}
