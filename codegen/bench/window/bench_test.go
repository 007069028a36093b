package window

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/velocsql/veloc/codegen/bench/dynamic"
	"github.com/velocsql/veloc/codegen/bench/window/overpipe"
	"github.com/velocsql/veloc/codegen/bench/window/sessionpipe"
	"github.com/velocsql/veloc/codegen/bench/window/slidingpipe"
	"github.com/velocsql/veloc/codegen/bench/window/tumblingpipe"
)

// benchRecords is the size of the benchmark input, in records.
const benchRecords = 10_000_000

// benchKeys is the number of symbols of the benchmark input.
const benchKeys = 100

// The queries, as the sub-benchmarks name them.
const (
	tumbling = "tumbling"
	sliding  = "sliding"
	session  = "session"
	over     = "over_avg100"
)

var queries = []string{tumbling, sliding, session, over}

// schema is the source declared in the SQL files.
var schema = []dynamic.Column{
	{Name: "symbol", Type: dynamic.String},
	{Name: "price", Type: dynamic.Float},
	{Name: "qty", Type: dynamic.Integer},
	{Name: "ts", Type: dynamic.Integer},
}

// disorder is the SQL files' 'watermark.max_out_of_orderness', in ms.
const disorder = 5000

// windowQuery is the dynamic evaluator's form of tumbling.sql, sliding.sql
// and session.sql:
//
//	SELECT symbol, _window_start[, _window_end], COUNT(*) AS n, SUM(qty) AS total_qty,
//	       AVG(price) AS avg_price, MIN(price) AS low, MAX(price) AS high
//	FROM trades GROUP BY symbol WINDOW TUMBLING(ts, 1m) | SLIDING(ts, 5m, 1m) | SESSION(ts, 3s)
//	EMIT FINAL
func windowQuery(name string) *dynamic.WindowQuery {
	q := &dynamic.WindowQuery{
		Keys: []dynamic.Named{{Name: "symbol", Expr: dynamic.Col{Name: "symbol"}}},
		Aggs: []dynamic.Agg{
			{Name: "n", Func: dynamic.CountStar},
			{Name: "total_qty", Func: dynamic.Sum, Arg: dynamic.Col{Name: "qty"}},
			{Name: "avg_price", Func: dynamic.Avg, Arg: dynamic.Col{Name: "price"}},
			{Name: "low", Func: dynamic.Min, Arg: dynamic.Col{Name: "price"}},
			{Name: "high", Func: dynamic.Max, Arg: dynamic.Col{Name: "price"}},
		},
		Start:    true,
		End:      true,
		Disorder: disorder,
	}
	ts := dynamic.Col{Name: "ts"}
	switch name {
	case tumbling:
		q.Window = dynamic.Window{Kind: dynamic.Tumbling, Time: ts, Size: 60_000}
		q.End = false
	case sliding:
		q.Window = dynamic.Window{Kind: dynamic.Sliding, Time: ts, Size: 300_000, Advance: 60_000}
	case session:
		q.Window = dynamic.Window{Kind: dynamic.Session, Time: ts, Size: 3_000}
	default:
		panic("no window query " + name)
	}
	return q
}

// overQuery is the dynamic evaluator's form of over.sql:
//
//	SELECT symbol, ts, price,
//	       AVG(price) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol) AS avg100
//	FROM trades
var overQuery = &dynamic.OverQuery{
	Partition: []dynamic.Named{{Name: "symbol", Expr: dynamic.Col{Name: "symbol"}}},
	Select: []dynamic.OverCol{
		{Name: "symbol", Expr: dynamic.Col{Name: "symbol"}},
		{Name: "ts", Expr: dynamic.Col{Name: "ts"}},
		{Name: "price", Expr: dynamic.Col{Name: "price"}},
		{Name: "avg100", Over: &dynamic.OverAgg{Func: dynamic.Avg, Arg: dynamic.Col{Name: "price"}, Rows: 100}},
	},
}

// headers are the output's header lines, on both sides.
var headers = map[string]string{
	tumbling: "symbol,_window_start,n,total_qty,avg_price,low,high\n",
	sliding:  "symbol,_window_start,_window_end,n,total_qty,avg_price,low,high\n",
	session:  "symbol,_window_start,_window_end,n,total_qty,avg_price,low,high\n",
	over:     "symbol,ts,price,avg100\n",
}

// runStats is what a run of either side did.
type runStats struct {
	In, Out, Bad, Late int
}

// runGenerated runs the generated pipeline of a query on path, writing to
// stdout, and returns the counts of its end-of-job log line.
func runGenerated(name, path string, stdout io.Writer) (runStats, error) {
	set := map[string]string{"trades.path": path}
	var log bytes.Buffer
	var err error
	switch name {
	case tumbling:
		var p *tumblingpipe.Pipeline
		if p, err = tumblingpipe.New(tumblingpipe.Config{Set: set, Stdout: stdout, Stderr: &log}); err == nil {
			err = p.Run(context.Background())
		}
	case sliding:
		var p *slidingpipe.Pipeline
		if p, err = slidingpipe.New(slidingpipe.Config{Set: set, Stdout: stdout, Stderr: &log}); err == nil {
			err = p.Run(context.Background())
		}
	case session:
		var p *sessionpipe.Pipeline
		if p, err = sessionpipe.New(sessionpipe.Config{Set: set, Stdout: stdout, Stderr: &log}); err == nil {
			err = p.Run(context.Background())
		}
	case over:
		var p *overpipe.Pipeline
		if p, err = overpipe.New(overpipe.Config{Set: set, Stdout: stdout, Stderr: &log}); err == nil {
			err = p.Run(context.Background())
		}
	default:
		err = fmt.Errorf("no query %q", name)
	}
	if err != nil {
		return runStats{}, err
	}
	return parseSummary(log.String())
}

var summaryRE = regexp.MustCompile(`msg="job finished".* records_in=(\d+) records_out=(\d+) failed=(\d+)(?: .*late=(\d+))?`)

// parseSummary reads the counts of a generated program's "job finished"
// log line.
func parseSummary(log string) (runStats, error) {
	m := summaryRE.FindStringSubmatch(log)
	if m == nil {
		return runStats{}, fmt.Errorf("no job summary in the log: %q", log)
	}
	var n [4]int
	for i, s := range m[1:] {
		if s != "" {
			n[i], _ = strconv.Atoi(s)
		}
	}
	return runStats{In: n[0], Out: n[1], Bad: n[2], Late: n[3]}, nil
}

// runDynamic runs the dynamic evaluator's form of a query on the CSV file
// path.
func runDynamic(name, path string, stdout io.Writer) (runStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return runStats{}, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	if name == over {
		st, err := dynamic.RunOverCSV(r, stdout, overQuery, schema)
		return runStats{In: st.In, Out: st.Out, Bad: st.Bad}, err
	}
	st, err := dynamic.RunWindowCSV(r, stdout, windowQuery(name), schema)
	return runStats{In: st.In, Out: st.Out, Bad: st.Bad, Late: st.Late}, err
}

// BenchmarkWindow runs each query on the 10M-record input, generated and
// dynamic side by side. Each run is checked (see check), and the dynamic
// run's counts must be the generated run's.
func BenchmarkWindow(b *testing.B) {
	in := benchInput(b, "bench", benchData)
	for _, name := range queries {
		b.Run(name, func(b *testing.B) {
			var gen runStats
			b.Run("generated", func(b *testing.B) {
				measure(b, in, func() (err error) {
					gen, err = runGenerated(name, in.path, io.Discard)
					return check(name, in, gen, err)
				})
			})
			b.Run("dynamic", func(b *testing.B) {
				measure(b, in, func() error {
					st, err := runDynamic(name, in.path, io.Discard)
					if err = check(name, in, st, err); err == nil && gen != (runStats{}) && st != gen {
						err = fmt.Errorf("dynamic %+v, generated %+v", st, gen)
					}
					return err
				})
			})
		})
	}
}

// check makes sure a run read the whole input and failed nothing, and that
// a windowed run wrote some rows and (TUMBLING and SESSION) dropped a few
// records as late, so that it did the work the benchmark says it did.
func check(name string, in *input, st runStats, err error) error {
	if err != nil {
		return err
	}
	bad := st.In != in.records || st.Bad != 0
	switch name {
	case over:
		bad = bad || st.Out != in.records || st.Late != 0
	case sliding: // a record a minute late still has open windows
		bad = bad || st.Out == 0 || st.Late != 0
	default:
		bad = bad || st.Out == 0 || st.Late == 0 || st.Late > in.records/10_000
	}
	if bad {
		return fmt.Errorf("%s run: %+v for %d records", name, st, in.records)
	}
	return nil
}

// measure runs the whole input file once per iteration and reports
// records/s, ns/record and allocs/record (heap allocations over the run,
// from runtime.MemStats, per input record) besides the default columns,
// which are per run of the file. SetBytes adds MB/s of input.
func measure(b *testing.B, in *input, run func() error) {
	fi, err := os.Stat(in.path)
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
	n := float64(in.records) * float64(b.N)
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
	inputsMu    sync.Mutex
	inputs      = map[string]*input{}
)

// input is a generated input file.
type input struct {
	once    sync.Once
	path    string
	records int // records in the file
	keys    int // distinct symbols (not counting NULL)
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if inputDir != "" {
		os.RemoveAll(inputDir)
	}
	os.Exit(code)
}

// benchInput returns the input file called name, written from o on first
// use.
func benchInput(tb testing.TB, name string, o dataOptions) *input {
	inputsMu.Lock()
	in := inputs[name]
	if in == nil {
		in = &input{}
		inputs[name] = in
	}
	inputsMu.Unlock()
	in.once.Do(func() {
		dirOnce.Do(func() { inputDir, inputDirErr = os.MkdirTemp("", "veloc-bench-window-") })
		if in.err = inputDirErr; in.err != nil {
			return
		}
		in.path = filepath.Join(inputDir, name+".csv")
		in.records = o.records
		in.keys, in.err = writeTrades(in.path, o)
	})
	if in.err != nil {
		tb.Fatal(in.err)
	}
	return in
}

// t0 is the event time of the first trade: 2024-01-02T00:00:00Z, a whole
// minute, in epoch milliseconds.
const t0 = 1704153600000

// dataOptions shapes generated trades. Trade i of n has the event time t0
// + i*span/n, less a jitter of up to jitter ms; with probability late it
// is lateBy ms older still.
type dataOptions struct {
	seed    uint64
	records int
	keys    int     // symbols to draw from, uniformly
	span    int64   // ms from the first trade to the last
	jitter  int64   // ms
	late    float64 // probability of a late record
	lateBy  int64   // ms
	null    float64 // probability that each of symbol, price and qty is NULL
	special bool    // also symbols that need quoting, bad records and NULL event times
}

// benchData is BenchmarkWindow's input: 10M trades of 100 symbols over a
// day (a trade every 8.6 ms, a symbol's every 0.86 s), up to a second out
// of order, and one in 100,000 records a minute late: dropped by TUMBLING
// and SESSION, and by SLIDING from the windows that have closed.
var benchData = dataOptions{
	seed: 1, records: benchRecords, keys: benchKeys,
	span: 86_400_000, jitter: 1000, late: 1e-5, lateBy: 60_000,
}

// symbol returns the i-th symbol: four capital letters, distinct for i
// below 26^4, not in alphabetical order.
func symbol(i int) string {
	const n = 26 * 26 * 26 * 26
	v := (i * 7919) % n // 7919 is prime to n = 2^4 * 13^4
	var b [4]byte
	for k := 3; k >= 0; k-- {
		b[k] = 'A' + byte(v%26)
		v /= 26
	}
	return string(b[:])
}

// specialSymbols need quoting in CSV, or are text a byte-wise comparison
// must get right.
var specialSymbols = []string{`BRK"B`, "A,B", "é日本", " lead", "new\nline"}

// writeTrades writes the trades o describes to path as CSV with a header
// (symbol, price, qty, ts) and returns the number of distinct symbols
// written. The writer is written here, not taken from either side of the
// benchmark.
func writeTrades(path string, o dataOptions) (keys int, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"symbol", "price", "qty", "ts"}); err != nil {
		return 0, err
	}
	r := rand.New(rand.NewPCG(o.seed, 0x3d1e))
	names := make([]string, o.keys)
	for i := range names {
		names[i] = symbol(i)
	}
	seen := map[string]bool{}
	rec := make([]string, 4)
	for i := range o.records {
		rec = rec[:4]
		sym := names[r.IntN(len(names))]
		price := strconv.FormatFloat(float64(4500+r.IntN(12000))/100, 'f', -1, 64)
		qty := strconv.Itoa(1 + r.IntN(100))
		t := t0 + int64(i)*o.span/int64(o.records)
		if o.jitter > 0 {
			t -= r.Int64N(o.jitter)
		}
		if r.Float64() < o.late {
			t -= o.lateBy
		}
		ts := strconv.FormatInt(t, 10)
		if r.Float64() < o.null {
			sym = ""
		}
		if r.Float64() < o.null {
			price = ""
		}
		if r.Float64() < o.null {
			qty = ""
		}
		if o.special {
			switch k := r.IntN(200); {
			case k < 5:
				sym = specialSymbols[r.IntN(len(specialSymbols))]
			case k < 7:
				qty = strconv.Itoa(-r.IntN(1_000_000))
			case k == 7:
				price = "x"
			case k == 8:
				ts = ""
			case k == 9:
				ts = "1.5"
			case k == 10:
				rec = rec[:2]
			case k == 11:
				price = "-0"
			}
		}
		if sym != "" {
			seen[sym] = true
		}
		rec[0] = sym
		if len(rec) == 4 {
			rec[1], rec[2], rec[3] = price, qty, ts
		} else {
			rec[1] = price
		}
		if err := cw.Write(rec); err != nil {
			return 0, err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return 0, err
	}
	return len(seen), w.Flush()
}

// BenchmarkWindowState reports the memory that open windows hold, in bytes
// per open window (see statePerWindow), with 10,000 symbols: a TUMBLING
// window, five SLIDING windows and a session per symbol, all open when
// measured; for OVER, bytes per partition holding its 100 values.
func BenchmarkWindowState(b *testing.B) {
	for _, name := range queries {
		b.Run(fmt.Sprintf("open=%d/%s", stateKeys, name), func(b *testing.B) {
			for _, side := range []string{"generated", "dynamic"} {
				b.Run(side, func(b *testing.B) {
					var per float64
					var fixed int64
					for range b.N {
						var err error
						if per, fixed, err = statePerWindow(b, name, side, stateKeys); err != nil {
							b.Fatal(err)
						}
					}
					unit := "bytes/window"
					if name == over {
						unit = "bytes/partition"
					}
					b.ReportMetric(per, unit)
					b.ReportMetric(float64(fixed)/1024, "fixed-KB")
				})
			}
		})
	}
}

// stateKeys is the number of symbols of BenchmarkWindowState; stateRefKeys
// that of its reference runs.
const (
	stateKeys    = 10_000
	stateRefKeys = 100
)

// windowsPerKey is the number of windows each symbol of the state input
// has open when measured.
var windowsPerKey = map[string]int{tumbling: 1, sliding: 5, session: 1, over: 1}

// statePerWindow returns the heap that a run of name on side holds with
// the windows of keys symbols open, beyond what a run over as many records
// of stateRefKeys symbols holds, per window more. What a run holds
// whatever the number of windows (read buffers, chunks of input, the
// filler windows of the state input) cancels out; fixed is the reference
// run's figure.
func statePerWindow(tb testing.TB, name, side string, keys int) (per float64, fixed int64, err error) {
	big, ref := stateInput(tb, name, keys), stateInput(tb, name, stateRefKeys)
	hb, err := stateBytes(name, side, big)
	if err != nil {
		return 0, 0, err
	}
	hr, err := stateBytes(name, side, ref)
	if err != nil {
		return 0, 0, err
	}
	return float64(hb-hr) / float64((big.keys-ref.keys)*windowsPerKey[name]), hr, nil
}

// The state inputs. For the windowed queries (fillers, then keys symbols,
// then one record that closes the fillers):
//
//   - stateFillers records of as many other symbols, late in the first
//     minute (t0+54.5s to t0+56.5s): windows and sessions that the records
//     after them leave open (the watermark stays below t0+57s) and the
//     last record closes;
//   - 10 records of each of the keys symbols, in turn, from t0+60s to
//     t0+62s: a TUMBLING window [t0+1m, t0+2m), five SLIDING windows and a
//     session each, open to the end;
//   - a last record at t0+65s, which moves the watermark to t0+60s and
//     closes the fillers' first-minute windows (a fifth of their SLIDING
//     windows) and sessions: more than 64 KB of rows, which both sides
//     write before the end of the input, and the heap is measured at
//     their first write.
//
// For OVER, 1.5M records of the keys symbols in turn (150 of each of
// 10,000): the heap is measured at the first write after 90% of the rows,
// when every partition holds its 100 values.
const (
	stateFillers    = 2000
	stateOverPerKey = 150
)

func stateInput(tb testing.TB, name string, keys int) *input {
	kind := "windows"
	if name == over {
		kind = "over"
	}
	fname := fmt.Sprintf("state-%s-%d", kind, keys)
	inputsMu.Lock()
	in := inputs[fname]
	if in == nil {
		in = &input{}
		inputs[fname] = in
	}
	inputsMu.Unlock()
	in.once.Do(func() {
		dirOnce.Do(func() { inputDir, inputDirErr = os.MkdirTemp("", "veloc-bench-window-") })
		if in.err = inputDirErr; in.err != nil {
			return
		}
		in.path = filepath.Join(inputDir, fname+".csv")
		in.keys = keys
		in.records, in.err = writeStateTrades(in.path, kind, keys)
	})
	if in.err != nil {
		tb.Fatal(in.err)
	}
	return in
}

// writeStateTrades writes a state input (see stateInput) and returns its
// number of records.
func writeStateTrades(path, kind string, keys int) (records int, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(3, 0x3d1e))
	fmt.Fprintln(w, "symbol,price,qty,ts")
	write := func(sym string, t int64) {
		fmt.Fprintf(w, "%s,%s,%d,%d\n", sym, strconv.FormatFloat(float64(4500+r.IntN(12000))/100, 'f', -1, 64), 1+r.IntN(100), t)
		records++
	}
	if kind == "over" {
		n := stateKeys * stateOverPerKey // as many records for the reference run
		for i := range n {
			write(symbol(i%keys), t0+int64(i))
		}
		return records, w.Flush()
	}
	for i := range stateFillers {
		write(fmt.Sprintf("F%05d", i), t0+54_500+int64(i)*2000/stateFillers)
	}
	n := keys * 10
	for i := range n {
		write(symbol(i%keys), t0+60_000+int64(i)*2000/int64(n))
	}
	write("LAST", t0+65_000)
	return records, w.Flush()
}

// stateBytes runs name on side over in and returns how much more heap is
// live at the measurement (see heapProbe) than before the run started,
// less the output buffer written.
func stateBytes(name, side string, in *input) (int64, error) {
	probe := &heapProbe{skip: len(headers[name])}
	if name == over {
		probe.afterRows = in.records * 9 / 10
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var st runStats
	var err error
	switch side {
	case "generated":
		st, err = runGenerated(name, in.path, probe)
	case "dynamic":
		st, err = runDynamic(name, in.path, probe)
	default:
		err = fmt.Errorf("unknown side %q", side)
	}
	if err != nil {
		return 0, err
	}
	if st.In != in.records || st.Bad != 0 || st.Late != 0 || !probe.done {
		return 0, fmt.Errorf("%s %s: %+v for %d records, measured: %v", side, name, st, in.records, probe.done)
	}
	return int64(probe.heap) - int64(base), nil
}

// heapProbe discards what it is given. At the first Write that carries
// more than the header line, once afterRows rows have been written, it
// collects garbage and records the live heap, less the capacity of the
// buffer written. It counts the rows written.
type heapProbe struct {
	skip      int // bytes of header to let pass before measuring
	afterRows int // rows to let pass before measuring
	seen      int // bytes written so far
	rows      int // lines written after the header
	heap      uint64
	done      bool
}

func (p *heapProbe) Write(b []byte) (int, error) {
	if !p.done && p.seen+len(b) > p.skip && p.rows >= p.afterRows {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		p.heap = ms.HeapAlloc - uint64(cap(b))
		p.done = true
	}
	for i, c := range b {
		if c == '\n' && p.seen+i >= p.skip {
			p.rows++
		}
	}
	p.seen += len(b)
	return len(b), nil
}
