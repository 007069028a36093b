package scalar

import (
	"strconv"
	"testing"
	"time"
)

var (
	sinkI int64
	sinkF float64
	sinkB []byte
)

func BenchmarkParseInt(b *testing.B) {
	in := []byte("1234567")
	b.ReportAllocs()
	for b.Loop() {
		sinkI, _ = ParseInt(in)
	}
}

func BenchmarkParseFloat(b *testing.B) {
	for _, s := range []string{"1234.5678", "2.5e-07", "123456789012345678901234567890"} {
		b.Run(s, func(b *testing.B) {
			in := []byte(s)
			b.ReportAllocs()
			for b.Loop() {
				sinkF, _ = ParseFloat(in)
			}
		})
	}
}

func BenchmarkStrconvParseFloat(b *testing.B) {
	in := []byte("1234.5678")
	b.ReportAllocs()
	for b.Loop() {
		sinkF, _ = strconv.ParseFloat(string(in), 64)
	}
}

func BenchmarkParseTimestamp(b *testing.B) {
	in := []byte("2024-01-01T10:00:00.123+02:00")
	b.ReportAllocs()
	for b.Loop() {
		sinkI, _ = ParseTimestamp(in)
	}
}

func BenchmarkTimeParse(b *testing.B) {
	in := []byte("2024-01-01T10:00:00.123+02:00")
	b.ReportAllocs()
	for b.Loop() {
		t, _ := time.Parse(time.RFC3339Nano, string(in))
		sinkI = t.UnixMilli()
	}
}

func BenchmarkAppendFloat(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendFloat(buf[:0], 1234.5678)
	}
	sinkB = buf
}

func BenchmarkAppendTimestamp(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendTimestamp(buf[:0], 1704103200123)
	}
	sinkB = buf
}

func BenchmarkTimeFormat(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = time.UnixMilli(1704103200123).UTC().AppendFormat(buf[:0], tsLayout)
	}
	sinkB = buf
}
