package stateless

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/velocsql/veloc/codegen/bench/dynamic"
	"github.com/velocsql/veloc/codegen/bench/stateless/csvpipe"
	"github.com/velocsql/veloc/codegen/bench/stateless/jsonpipe"
)

// benchRecords is the size of the benchmark input, in records.
const benchRecords = 1_000_000

// query is the dynamic evaluator's form of the job in trades_json.sql and
// trades_csv.sql:
//
//	SELECT symbol, price * quantity AS notional, UPPER(side) AS side
//	FROM trades WHERE price > 100 AND quantity >= 10
var query = &dynamic.Query{
	Where: dynamic.And{
		L: dynamic.Cmp{Op: dynamic.Gt, L: dynamic.Col{Name: "price"}, R: dynamic.Lit{V: int64(100)}},
		R: dynamic.Cmp{Op: dynamic.Ge, L: dynamic.Col{Name: "quantity"}, R: dynamic.Lit{V: int64(10)}},
	},
	Select: []dynamic.Named{
		{Name: "symbol", Expr: dynamic.Col{Name: "symbol"}},
		{Name: "notional", Expr: dynamic.Arith{Op: dynamic.Mul, L: dynamic.Col{Name: "price"}, R: dynamic.Col{Name: "quantity"}}},
		{Name: "side", Expr: dynamic.Upper(dynamic.Col{Name: "side"})},
	},
}

// schema is the source declared in the SQL files. The dynamic evaluator
// converts every declared column of a CSV record, as encoding/json decodes
// every member of a JSON object: it knows the schema, not the query's needs.
var schema = []dynamic.Column{
	{Name: "symbol", Type: dynamic.String},
	{Name: "price", Type: dynamic.Float},
	{Name: "quantity", Type: dynamic.Integer},
	{Name: "side", Type: dynamic.String},
	{Name: "venue", Type: dynamic.String},
	{Name: "trader", Type: dynamic.String},
	{Name: "ts", Type: dynamic.Integer},
	{Name: "flags", Type: dynamic.Integer},
}

// runGeneratedJSON runs the generated pipeline of trades_json.sql on path
// with the given number of workers ("0": one per core).
func runGeneratedJSON(path string, stdout io.Writer, workers string) error {
	p, err := jsonpipe.New(jsonpipe.Config{
		Set:    map[string]string{"trades.path": path, "big_trades.parallelism": workers},
		Stdout: stdout, Stderr: io.Discard,
	})
	if err != nil {
		return err
	}
	return p.Run(context.Background())
}

// runGeneratedCSV runs the generated pipeline of trades_csv.sql on path,
// writing to stdout, with the given number of workers ("0": one per core).
func runGeneratedCSV(path string, stdout io.Writer, workers string) error {
	p, err := csvpipe.New(csvpipe.Config{
		Set:    map[string]string{"trades.path": path, "big_trades.parallelism": workers},
		Stdout: stdout, Stderr: io.Discard,
	})
	if err != nil {
		return err
	}
	return p.Run(context.Background())
}

// runDynamicJSON runs the dynamic evaluator on the JSON Lines file path.
func runDynamicJSON(path string, stdout io.Writer) (dynamic.Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return dynamic.Stats{}, err
	}
	defer f.Close()
	return dynamic.RunJSONL(bufio.NewReaderSize(f, 64<<10), stdout, query)
}

// runDynamicCSV runs the dynamic evaluator on the CSV file path.
func runDynamicCSV(path string, stdout io.Writer) (dynamic.Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return dynamic.Stats{}, err
	}
	defer f.Close()
	return dynamic.RunCSV(bufio.NewReaderSize(f, 64<<10), stdout, query, schema)
}

func BenchmarkStatelessJSON(b *testing.B) {
	path := benchInput(b, "json")
	b.Run("generated", func(b *testing.B) {
		measure(b, path, func() error { return runGeneratedJSON(path, io.Discard, "0") })
	})
	b.Run("generated_1worker", func(b *testing.B) {
		measure(b, path, func() error { return runGeneratedJSON(path, io.Discard, "1") })
	})
	b.Run("dynamic", func(b *testing.B) {
		measure(b, path, func() error { return checkStats(runDynamicJSON(path, io.Discard)) })
	})
}

func BenchmarkStatelessCSV(b *testing.B) {
	path := benchInput(b, "csv")
	b.Run("generated", func(b *testing.B) {
		measure(b, path, func() error { return runGeneratedCSV(path, io.Discard, "0") })
	})
	b.Run("generated_1worker", func(b *testing.B) {
		measure(b, path, func() error { return runGeneratedCSV(path, io.Discard, "1") })
	})
	b.Run("dynamic", func(b *testing.B) {
		measure(b, path, func() error { return checkStats(runDynamicCSV(path, io.Discard)) })
	})
}

// checkStats makes sure a dynamic run read the whole input and rejected
// nothing as bad, so it did the work the benchmark says it did.
func checkStats(st dynamic.Stats, err error) error {
	if err == nil && (st.In != benchRecords || st.Bad != 0 || st.Out == 0) {
		err = fmt.Errorf("dynamic run: %+v, want %d records in and none bad", st, benchRecords)
	}
	return err
}

// measure runs the whole input file once per iteration and reports
// records/s, ns/record and allocs/record (heap allocations over the run,
// from runtime.MemStats, per input record) besides the default columns,
// which are per run of the file. SetBytes adds MB/s of input.
func measure(b *testing.B, path string, run func() error) {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		if err := run(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	n := float64(benchRecords) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/record")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/record")
}

// The benchmark inputs are written once per process into inputDir, which
// TestMain removes.
var (
	inputDir    string
	inputDirErr error
	dirOnce     sync.Once
	inputs      = map[string]*input{"json": {}, "csv": {}}
)

type input struct {
	once sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if inputDir != "" {
		os.RemoveAll(inputDir)
	}
	os.Exit(code)
}

// benchInput returns the path of the 1M-record input file in format
// ("json" or "csv"), writing it on first use.
func benchInput(b *testing.B, format string) string {
	in := inputs[format]
	in.once.Do(func() {
		dirOnce.Do(func() { inputDir, inputDirErr = os.MkdirTemp("", "veloc-bench-stateless-") })
		if in.err = inputDirErr; in.err != nil {
			return
		}
		in.path = filepath.Join(inputDir, "trades."+map[string]string{"json": "jsonl", "csv": "csv"}[format])
		in.err = writeTrades(in.path, format, benchRecords, benchData)
	})
	if in.err != nil {
		b.Fatal(in.err)
	}
	return in.path
}

// dataOptions shapes generated trades.
type dataOptions struct {
	seed    uint64
	null    float64 // probability that each of symbol, price, quantity, side is NULL
	special bool    // also write strings that need quoting, big quantities, mixed case, reordered keys
}

// benchData is the benchmark input: realistic values, 1% NULLs in each
// column the query reads. About 49% of the records pass the filter (price
// uniform in [45, 165), quantity uniform in [1, 100]).
var benchData = dataOptions{seed: 1, null: 0.01}

var symbols = []string{
	"AAPL", "MSFT", "GOOG", "AMZN", "META", "NVDA", "TSLA", "BRK.B", "JPM", "V",
	"UNH", "XOM", "JNJ", "WMT", "MA", "PG", "HD", "CVX", "LLY", "ABBV",
	"KO", "PEP", "AVGO", "COST", "MRK", "BAC", "ORCL", "ADBE", "CRM", "NFLX",
}

var venues = []string{"XNAS", "XNYS", "ARCX", "BATS", "IEXG", "EDGX"}

// specialSymbols need quoting or escaping in CSV or JSON.
var specialSymbols = []string{`BRK"B`, "A,B", "é日本", "tab\there", "new\nline", " lead", "trail ", `back\slash`, "ctl\x01"}

var specialSides = []string{"Buy", "SELL", "sEll", "", "achat", "straße"}

// trade is one generated record; a nil pointer field is NULL.
type trade struct {
	symbol, side   *string
	price          *float64
	quantity       *int64
	venue, trader  string
	ts, flags      int64
	reordered      bool
	absentForNulls bool // JSON: leave NULL members out instead of writing null
}

// genTrades calls fn for n trades made from o's seed.
func genTrades(n int, o dataOptions, fn func(*trade) error) error {
	r := rand.New(rand.NewPCG(o.seed, 0x5eed))
	ts := int64(1_704_067_200_000) // 2024-01-01T00:00:00Z
	var t trade
	for range n {
		symbol := symbols[r.IntN(len(symbols))]
		side := [2]string{"buy", "sell"}[r.IntN(2)]
		price := float64(4500+r.IntN(12000)) / 100
		qty := int64(1 + r.IntN(100))
		if o.special {
			if r.IntN(10) == 0 {
				symbol = specialSymbols[r.IntN(len(specialSymbols))]
			}
			if r.IntN(10) == 0 {
				side = specialSides[r.IntN(len(specialSides))]
			}
			if r.IntN(20) == 0 {
				qty = int64(1 + r.IntN(1_000_000)) // notional ≥ 1e6: floats spelled with exponents
			}
		}
		t = trade{
			symbol: &symbol, side: &side, price: &price, quantity: &qty,
			venue:     venues[r.IntN(len(venues))],
			trader:    "trader" + strconv.Itoa(1000+r.IntN(500)),
			ts:        ts,
			flags:     int64(r.IntN(16)),
			reordered: o.special && r.IntN(20) == 0,
		}
		t.absentForNulls = r.IntN(2) == 0
		if r.Float64() < o.null {
			t.symbol = nil
		}
		if r.Float64() < o.null {
			t.price = nil
		}
		if r.Float64() < o.null {
			t.quantity = nil
		}
		if r.Float64() < o.null {
			t.side = nil
		}
		ts += int64(1 + r.IntN(50))
		if err := fn(&t); err != nil {
			return err
		}
	}
	return nil
}

// writeTrades writes n trades to path as JSON Lines or CSV (with a
// header). The writers are written here, not taken from either side of
// the benchmark.
func writeTrades(path, format string, n int, o dataOptions) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	switch format {
	case "json":
		var line []byte
		err = genTrades(n, o, func(t *trade) error {
			line = appendTradeJSON(line[:0], t)
			_, err := w.Write(line)
			return err
		})
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write([]string{"symbol", "price", "quantity", "side", "venue", "trader", "ts", "flags"}); err != nil {
			return err
		}
		rec := make([]string, 8)
		err = genTrades(n, o, func(t *trade) error {
			rec[0] = strOrEmpty(t.symbol)
			rec[1] = ""
			if t.price != nil {
				rec[1] = strconv.FormatFloat(*t.price, 'f', -1, 64)
			}
			rec[2] = ""
			if t.quantity != nil {
				rec[2] = strconv.FormatInt(*t.quantity, 10)
			}
			rec[3] = strOrEmpty(t.side)
			rec[4], rec[5] = t.venue, t.trader
			rec[6], rec[7] = strconv.FormatInt(t.ts, 10), strconv.FormatInt(t.flags, 10)
			return cw.Write(rec)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

func strOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// appendTradeJSON writes one trade as a JSON object and a newline.
func appendTradeJSON(b []byte, t *trade) []byte {
	keys := [...]string{"symbol", "price", "quantity", "side", "venue", "trader", "ts", "flags"}
	null := [...]bool{t.symbol == nil, t.price == nil, t.quantity == nil, t.side == nil, false, false, false, false}
	b = append(b, '{')
	first := true
	for i := range keys {
		if t.reordered {
			i = len(keys) - 1 - i
		}
		if null[i] && t.absentForNulls {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, keys[i]...)
		b = append(b, '"', ':')
		switch {
		case null[i]:
			b = append(b, "null"...)
		case i == 0:
			b = appendJSONString(b, *t.symbol)
		case i == 1:
			b = strconv.AppendFloat(b, *t.price, 'f', -1, 64)
		case i == 2:
			b = strconv.AppendInt(b, *t.quantity, 10)
		case i == 3:
			b = appendJSONString(b, *t.side)
		case i == 4:
			b = appendJSONString(b, t.venue)
		case i == 5:
			b = appendJSONString(b, t.trader)
		case i == 6:
			b = strconv.AppendInt(b, t.ts, 10)
		default:
			b = strconv.AppendInt(b, t.flags, 10)
		}
	}
	return append(b, '}', '\n')
}

// appendJSONString quotes s with encoding/json when it needs escaping.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
