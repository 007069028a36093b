package main

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kgo"
)

// tradeAvsc is the writer schema of TestKafkaAvroValues: every primitive,
// a bytes decimal, an enum, a fixed, timestamp-micros, and unions with
// null first and last.
const tradeAvsc = `{"type": "record", "name": "Trade", "namespace": "test", "fields": [
  {"name": "id", "type": "long"},
  {"name": "symbol", "type": "string"},
  {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 4}},
  {"name": "qty", "type": ["null", "int"]},
  {"name": "side", "type": {"type": "enum", "name": "Side", "symbols": ["BUY", "SELL"]}},
  {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros"}},
  {"name": "venue", "type": ["string", "null"]},
  {"name": "weight", "type": "float"},
  {"name": "score", "type": "double"},
  {"name": "flag", "type": "boolean"},
  {"name": "ref", "type": {"type": "fixed", "name": "Ref", "size": 4}}
]}`

// avroTrade is a Trade as hamba/avro encodes it: an encoder independent
// of veloc's decoder.
type avroTrade struct {
	ID     int64     `avro:"id"`
	Symbol string    `avro:"symbol"`
	Price  *big.Rat  `avro:"price"`
	Qty    *int32    `avro:"qty"`
	Side   string    `avro:"side"`
	TS     time.Time `avro:"ts"`
	Venue  *string   `avro:"venue"`
	Weight float32   `avro:"weight"`
	Score  float64   `avro:"score"`
	Flag   bool      `avro:"flag"`
	Ref    [4]byte   `avro:"ref"`
}

// TestKafkaAvroValues reads Avro values written by another library, plain
// and with the schema-registry header, skipping the fields the query does
// not read and checking a filter pushed into the decoder.
func TestKafkaAvroValues(t *testing.T) {
	addr := startDevKafka(t, "--topics", "trades,trades_sr,trades_out")
	dir := writeFiles(t, map[string]string{
		"trade.avsc": tradeAvsc,
		"out.avsc":   outAvsc,
		"app.sql": `CREATE STREAM out AS SELECT id, symbol, price, qty, side, ts, venue, score, flag FROM trades WHERE score > 0.5
WITH ('trades.type' = 'kafka_source', 'trades.format' = 'avro', 'trades.schema.file' = 'trade.avsc',
    'out.type' = 'file_sink', 'out.path' = 'out.csv');
CREATE STREAM trades_out AS SELECT id, symbol, price * qty AS notional, ts, score, flag FROM trades
WITH ('trades.type' = 'kafka_source', 'trades.format' = 'avro', 'trades.schema.file' = 'trade.avsc', 'trades.group.id' = 'to_out',
    'trades_out.type' = 'kafka_sink', 'trades_out.format' = 'avro', 'trades_out.schema.file' = 'out.avsc',
    'trades_out.schema.registry.url' = 'http://registry.invalid:8081', 'trades_out.schema.id' = '7');
CREATE STREAM out_sr AS SELECT id, price * qty AS notional FROM trades_sr
WITH ('trades_sr.type' = 'kafka_source', 'trades_sr.value.format' = 'avro', 'trades_sr.schema.file' = 'trade.avsc',
    'trades_sr.schema.registry.url' = 'http://registry.invalid:8081', 'out_sr.type' = 'file_sink', 'out_sr.path' = 'out_sr.csv');
`,
	})
	if r := run(t, dir, "build", "app.sql", "-o", "app"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	sch, err := avro.Parse(tradeAvsc)
	if err != nil {
		t.Fatal(err)
	}
	qty, venue := int32(7), "XNAS"
	trades := []avroTrade{
		{ID: 1, Symbol: "AAPL", Price: big.NewRat(1895, 10), Qty: &qty, Side: "SELL", TS: time.UnixMicro(1709302205123456), Venue: &venue, Weight: 1.5, Score: 0.9, Flag: true, Ref: [4]byte{1, 2, 3, 4}},
		{ID: 2, Symbol: "MSFT", Price: big.NewRat(-1, 10000), Side: "BUY", TS: time.UnixMicro(-1), Score: 0.75},
		{ID: 3, Symbol: "XOM", Price: big.NewRat(104, 1), Qty: &qty, Side: "BUY", TS: time.UnixMicro(0), Score: 0.1}, // filtered out
	}
	var plain, framed []*kgo.Record
	for _, tr := range trades {
		b, err := avro.Marshal(sch, tr)
		if err != nil {
			t.Fatal(err)
		}
		plain = append(plain, &kgo.Record{Topic: "trades", Value: b})
		framed = append(framed, &kgo.Record{Topic: "trades_sr", Value: append([]byte{0, 0, 0, 0, 42}, b...)})
	}
	framed = append(framed, &kgo.Record{Topic: "trades_sr", Value: []byte{2, 4}}) // no header: an error record
	ctx := kafkaCtx(t)
	produce(t, ctx, addr, plain...)
	produce(t, ctx, addr, framed...)
	r := runBin(t, filepath.Join(dir, "app"), dir, "--brokers", addr, "--bounded", "--metrics-addr", "")
	if r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	want := map[string]string{
		"out.csv": `id,symbol,price,qty,side,ts,venue,score,flag
1,AAPL,189.5000,7,SELL,2024-03-01T14:10:05.123Z,XNAS,0.9,true
2,MSFT,-0.0001,,BUY,1969-12-31T23:59:59.999Z,,0.75,false
`,
		"out_sr.csv": "id,notional\n1,1326.5000\n2,\n3,728.0000\n",
	}
	for file, w := range want {
		got, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != w {
			t.Errorf("%s:\n%s\nwant:\n%s", file, got, w)
		}
	}
	if !strings.Contains(r.stderr, "no schema-registry header") {
		t.Errorf("the message without a header should be an error record:\n%s", r.stderr)
	}
	// What the Avro sink wrote, read back by the other library.
	outSch, err := avro.Parse(outAvsc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range readTopic(t, ctx, addr, "trades_out", 3) {
		if len(m.Value) < 5 || m.Value[0] != 0 || m.Value[4] != 7 {
			t.Fatalf("no header with schema ID 7: %x", m.Value)
		}
		// A generic map: hamba/avro leaves a *big.Rat struct field of a
		// union at zero when decoding.
		var o map[string]any
		if err := avro.Unmarshal(outSch, m.Value[5:], &o); err != nil {
			t.Fatalf("%x: %v", m.Value, err)
		}
		notional := "null"
		if r, ok := o["notional"].(*big.Rat); ok {
			notional = r.FloatString(4)
		}
		ts, _ := o["ts"].(time.Time)
		got = append(got, fmt.Sprintf("%v %v %s %s %v %v", o["id"], o["symbol"], notional, ts.UTC().Format(time.RFC3339Nano), o["score"], o["flag"]))
	}
	wantOut := []string{
		"1 AAPL 1326.5000 2024-03-01T14:10:05.123Z 0.9 true",
		"2 MSFT null 1969-12-31T23:59:59.999Z 0.75 false",
		"3 XOM 728.0000 1970-01-01T00:00:00Z 0.1 false",
	}
	if strings.Join(got, "\n") != strings.Join(wantOut, "\n") {
		t.Errorf("trades_out:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantOut, "\n"))
	}
}

// outAvsc is the schema TestKafkaAvroValues writes.
const outAvsc = `{"type": "record", "name": "Out", "fields": [
  {"name": "id", "type": "long"},
  {"name": "symbol", "type": ["null", "string"]},
  {"name": "notional", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 4}]},
  {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros"}},
  {"name": "score", "type": "double"},
  {"name": "flag", "type": "boolean"}
]}`
