package csvrec

import (
	"bytes"
	"encoding/csv"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// benchData is a 1M-row, 5-column CSV: id, symbol, price, quantity, time;
// one row in five has a quoted field ("BRK, B").
var benchData = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	b.WriteString("id,symbol,price,qty,ts\n")
	syms := []string{"AAPL", "MSFT", "GOOG", "AMZN", "\"BRK, B\""}
	for i := range 1_000_000 {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(',')
		b.WriteString(syms[i%len(syms)])
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(100+float64(i%10000)/100, 'f', 2, 64))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(i % 1000))
		b.WriteString(",2024-01-01T10:00:00.000Z\n")
	}
	data := b.Bytes()
	runtime.GC() // settle the garbage of building it before timing starts
	return data
})

func BenchmarkRead(b *testing.B) {
	data := benchData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	records := 0
	rd := NewReader(nil, Options{})
	for b.Loop() {
		rd.Reset(bytes.NewReader(data))
		for {
			_, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			records++
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkReadBytes(b *testing.B) {
	data := benchData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	records := 0
	rd := NewReader(nil, Options{})
	for b.Loop() {
		rd.ResetBytes(data)
		for {
			_, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			records++
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkStdlibRead(b *testing.B) {
	data := benchData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	records := 0
	for b.Loop() {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.ReuseRecord = true
		for {
			_, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			records++
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkAppendField(b *testing.B) {
	fields := [][]byte{[]byte("12345"), []byte("AAPL"), []byte("BRK, B"), []byte("2024-01-01T10:00:00.000Z")}
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = buf[:0]
		for _, f := range fields {
			buf = AppendField(buf, f, ',', '"')
			buf = append(buf, ',')
		}
	}
}
