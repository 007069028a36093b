package jsonrec

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// benchLines is 1M JSON lines with six members, of which the benchmarks
// read three (id, symbol, price).
var benchLines = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	syms := []string{"AAPL", "MSFT", "GOOG", "AMZN", `BRK \"B\"`}
	for i := range 1_000_000 {
		b.WriteString(`{"id":`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`,"symbol":"`)
		b.WriteString(syms[i%len(syms)])
		b.WriteString(`","price":`)
		b.WriteString(strconv.FormatFloat(100+float64(i%10000)/100, 'f', 2, 64))
		b.WriteString(`,"qty":`)
		b.WriteString(strconv.Itoa(i % 1000))
		b.WriteString(`,"ts":"2024-01-01T10:00:00.000Z","tags":["x","y"]}`)
		b.WriteByte('\n')
	}
	data := b.Bytes()
	runtime.GC() // settle the garbage of building it before timing starts
	return data
})

// eachLine calls fn for every line of data.
func eachLine(data []byte, fn func([]byte)) int {
	n := 0
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			i = len(data)
		}
		fn(data[:i])
		n++
		data = data[min(i+1, len(data)):]
	}
	return n
}

var (
	sinkID    int64
	sinkPrice float64
	sinkSym   []byte
	sinkStr   string
)

func BenchmarkObject(b *testing.B) {
	data := benchLines()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var o Object
	records := 0
	for b.Loop() {
		records += eachLine(data, func(line []byte) {
			o.Reset(line)
			for o.Next() {
				switch string(o.Key()) {
				case "id":
					sinkID, _ = o.Int64()
				case "symbol":
					sinkSym, _ = o.String()
				case "price":
					sinkPrice, _ = o.Float64()
				}
			}
			if o.Err() != nil {
				b.Fatal(o.Err())
			}
		})
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkStdlibStruct(b *testing.B) {
	data := benchLines()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var v struct {
		ID     int64   `json:"id"`
		Symbol string  `json:"symbol"`
		Price  float64 `json:"price"`
	}
	records := 0
	for b.Loop() {
		records += eachLine(data, func(line []byte) {
			if err := json.Unmarshal(line, &v); err != nil {
				b.Fatal(err)
			}
			sinkID, sinkStr, sinkPrice = v.ID, v.Symbol, v.Price
		})
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkStdlibMap(b *testing.B) {
	data := benchLines()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	records := 0
	for b.Loop() {
		records += eachLine(data, func(line []byte) {
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				b.Fatal(err)
			}
			sinkID = int64(m["id"].(float64))
			sinkStr = m["symbol"].(string)
			sinkPrice = m["price"].(float64)
		})
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkAppendString(b *testing.B) {
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendString(buf[:0], "a typical string value, with \"quotes\"")
	}
}
