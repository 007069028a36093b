package groupby

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/velocsql/veloc/codegen/bench/dynamic"
	"github.com/velocsql/veloc/codegen/bench/groupby/changespipe"
	"github.com/velocsql/veloc/codegen/bench/groupby/finalpipe"
)

// benchRecords is the size of the benchmark input, in records.
const benchRecords = 10_000_000

// benchKeys are the numbers of distinct symbols the benchmark runs with.
var benchKeys = []int{100, 100_000}

// The emit modes, as the sub-benchmarks name them.
const (
	final   = "final"
	changes = "changes"
)

// query is the dynamic evaluator's form of the job in groupby_changes.sql
// and groupby_final.sql:
//
//	SELECT symbol, COUNT(*) AS n, SUM(qty) AS total_qty, AVG(price) AS avg_price,
//	       MIN(price) AS low, MAX(price) AS high
//	FROM trades GROUP BY symbol EMIT CHANGES | EMIT FINAL
func query(mode string) *dynamic.GroupQuery {
	emit := dynamic.EmitChanges
	if mode == final {
		emit = dynamic.EmitFinal
	}
	return &dynamic.GroupQuery{
		Keys: []dynamic.Named{{Name: "symbol", Expr: dynamic.Col{Name: "symbol"}}},
		Aggs: []dynamic.Agg{
			{Name: "n", Func: dynamic.CountStar},
			{Name: "total_qty", Func: dynamic.Sum, Arg: dynamic.Col{Name: "qty"}},
			{Name: "avg_price", Func: dynamic.Avg, Arg: dynamic.Col{Name: "price"}},
			{Name: "low", Func: dynamic.Min, Arg: dynamic.Col{Name: "price"}},
			{Name: "high", Func: dynamic.Max, Arg: dynamic.Col{Name: "price"}},
		},
		Emit: emit,
	}
}

// schema is the source declared in the SQL files. The dynamic evaluator
// converts every declared column of a record: it knows the schema, not the
// query's needs.
var schema = []dynamic.Column{
	{Name: "symbol", Type: dynamic.String},
	{Name: "price", Type: dynamic.Float},
	{Name: "qty", Type: dynamic.Integer},
	{Name: "venue", Type: dynamic.String},
}

// header is the output's header line, on both sides.
const header = "symbol,n,total_qty,avg_price,low,high\n"

// runGenerated runs the generated pipeline of groupby_<mode>.sql on path,
// writing to stdout, with the given number of workers ("0": one per core).
// EMIT CHANGES runs on one worker, to emit in input order, and has no
// parallelism property: workers applies to EMIT FINAL only.
func runGenerated(mode, path string, stdout io.Writer, workers string) error {
	set := map[string]string{"trades.path": path}
	if mode == changes {
		p, err := changespipe.New(changespipe.Config{Set: set, Stdout: stdout, Stderr: io.Discard})
		if err != nil {
			return err
		}
		return p.Run(context.Background())
	}
	set["by_symbol.parallelism"] = workers
	p, err := finalpipe.New(finalpipe.Config{Set: set, Stdout: stdout, Stderr: io.Discard})
	if err != nil {
		return err
	}
	return p.Run(context.Background())
}

// runDynamic runs the dynamic evaluator's GROUP BY on the CSV file path.
func runDynamic(mode, path string, stdout io.Writer) (dynamic.GroupStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return dynamic.GroupStats{}, err
	}
	defer f.Close()
	return dynamic.RunGroupByCSV(bufio.NewReaderSize(f, 64<<10), stdout, query(mode), schema)
}

func BenchmarkGroupBy(b *testing.B) {
	for _, keys := range benchKeys {
		b.Run(fmt.Sprintf("keys=%d", keys), func(b *testing.B) {
			in := benchInput(b, keys, benchRecords)
			for _, mode := range []string{final, changes} {
				b.Run(mode, func(b *testing.B) {
					b.Run("generated", func(b *testing.B) {
						measure(b, in, func() error { return runGenerated(mode, in.path, io.Discard, "0") })
					})
					if mode == final { // EMIT CHANGES runs on one worker anyway
						b.Run("generated_1worker", func(b *testing.B) {
							measure(b, in, func() error { return runGenerated(mode, in.path, io.Discard, "1") })
						})
					}
					b.Run("dynamic", func(b *testing.B) {
						measure(b, in, func() error { return checkStats(mode, in)(runDynamic(mode, in.path, io.Discard)) })
					})
				})
			}
		})
	}
}

// checkStats makes sure a dynamic run read the whole input, rejected
// nothing as bad and wrote what the mode writes, so it did the work the
// benchmark says it did.
func checkStats(mode string, in *input) func(dynamic.GroupStats, error) error {
	return func(st dynamic.GroupStats, err error) error {
		out := in.records
		if mode == final {
			out = in.groups
		}
		if err == nil && (st.In != in.records || st.Bad != 0 || st.Out != out || st.Groups != in.groups) {
			err = fmt.Errorf("dynamic run: %+v, want %d records in, none bad, %d out, %d groups", st, in.records, out, in.groups)
		}
		return err
	}
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

// BenchmarkGroupByState reports the memory that the groups of an EMIT
// FINAL run hold at its end, in bytes per group (see statePerGroup), for 1M
// and 10M records of the same 100,000 symbols: a state that grows with the
// groups and not with the records gives the same figure for both. It also
// reports fixed-KB, what a run holds at its end with 100 groups (its
// buffers and those groups).
func BenchmarkGroupByState(b *testing.B) {
	const keys = 100_000
	for _, records := range []int{1_000_000, benchRecords} {
		b.Run(fmt.Sprintf("keys=%d/records=%d", keys, records), func(b *testing.B) {
			for _, side := range []string{"generated", "generated_1worker", "dynamic"} {
				b.Run(side, func(b *testing.B) {
					var perGroup float64
					var fixed int64
					for range b.N {
						var err error
						if perGroup, fixed, err = statePerGroup(b, side, keys, records); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(perGroup, "bytes/group")
					b.ReportMetric(float64(fixed)/1024, "fixed-KB")
				})
			}
		})
	}
}

// stateRefKeys is the number of symbols of statePerGroup's reference run.
const stateRefKeys = 100

// statePerGroup returns the heap that an EMIT FINAL run on side over
// records trades of keys symbols holds when it writes its first group,
// beyond what a run over as many trades of stateRefKeys symbols holds,
// per group more: the growth of the job's memory with the number of
// groups. What a run holds whatever the number of groups (read buffers,
// chunks of input still referenced, less than 3 MB) cancels out; fixed is
// the reference run's figure.
func statePerGroup(tb testing.TB, side string, keys, records int) (perGroup float64, fixed int64, err error) {
	big, ref := benchInput(tb, keys, records), benchInput(tb, stateRefKeys, records)
	hb, err := stateBytes(side, big)
	if err != nil {
		return 0, 0, err
	}
	hr, err := stateBytes(side, ref)
	if err != nil {
		return 0, 0, err
	}
	return float64(hb-hr) / float64(big.groups-ref.groups), hr, nil
}

// stateBytes runs an EMIT FINAL job on in ("generated" on all cores,
// "generated_1worker" or "dynamic") and returns how much more heap is live
// when it writes its first group than before it started, less the output
// buffer it writes.
func stateBytes(side string, in *input) (int64, error) {
	probe := &heapProbe{skip: len(header)}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var err error
	switch side {
	case "generated":
		err = runGenerated(final, in.path, probe, "0")
	case "generated_1worker":
		err = runGenerated(final, in.path, probe, "1")
	case "dynamic":
		err = checkStats(final, in)(runDynamic(final, in.path, probe))
	default:
		err = fmt.Errorf("unknown side %q", side)
	}
	if err != nil {
		return 0, err
	}
	if probe.rows != in.groups {
		return 0, fmt.Errorf("%s wrote %d rows for %d groups", side, probe.rows, in.groups)
	}
	return int64(probe.heap) - int64(base), nil
}

// heapProbe discards what it is given. At the first Write that carries
// more than the header line (during EMIT FINAL's output, while the job
// still holds every group), it collects garbage and records the live heap,
// less the capacity of the buffer written. It counts the rows written.
type heapProbe struct {
	skip int    // bytes of header to let pass before measuring
	seen int    // bytes written so far
	rows int    // lines written after the header
	heap uint64 // the live heap at the measurement
	done bool
}

func (p *heapProbe) Write(b []byte) (int, error) {
	if !p.done && p.seen+len(b) > p.skip {
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

// The benchmark inputs are written once per process into inputDir, which
// TestMain removes.
var (
	inputDir    string
	inputDirErr error
	dirOnce     sync.Once
	inputsMu    sync.Mutex
	inputs      = map[[2]int]*input{}
)

// input is a generated input file.
type input struct {
	once    sync.Once
	path    string
	records int // records in the file
	groups  int // distinct symbols, a NULL symbol counting as one
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if inputDir != "" {
		os.RemoveAll(inputDir)
	}
	os.Exit(code)
}

// benchInput returns the input file of records trades over keys symbols,
// writing it on first use.
func benchInput(tb testing.TB, keys, records int) *input {
	inputsMu.Lock()
	in := inputs[[2]int{keys, records}]
	if in == nil {
		in = &input{}
		inputs[[2]int{keys, records}] = in
	}
	inputsMu.Unlock()
	in.once.Do(func() {
		dirOnce.Do(func() { inputDir, inputDirErr = os.MkdirTemp("", "veloc-bench-groupby-") })
		if in.err = inputDirErr; in.err != nil {
			return
		}
		in.path = filepath.Join(inputDir, fmt.Sprintf("trades-%d-%d.csv", keys, records))
		in.records = records
		in.groups, in.err = writeTrades(in.path, records, dataOptions{seed: 1, keys: keys, null: 0.01})
	})
	if in.err != nil {
		tb.Fatal(in.err)
	}
	return in
}

// dataOptions shapes generated trades.
type dataOptions struct {
	seed    uint64
	keys    int     // symbols to draw from, uniformly
	null    float64 // probability that each of symbol, price, qty is NULL
	special bool    // also symbols that need quoting, bad records and a SUM that overflows
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
var specialSymbols = []string{`BRK"B`, "A,B", "é日本", " lead", "trail ", "new\nline", "aapl"}

var venues = []string{"XNAS", "XNYS", "ARCX", "BATS", "IEXG", "EDGX"}

// writeTrades writes n trades made from o's seed to path as CSV with a
// header, and returns the number of distinct symbols written (NULL
// counting as one). The writer is written here, not taken from either
// side of the benchmark.
func writeTrades(path string, n int, o dataOptions) (groups int, err error) {
	if o.keys > 26*26*26*26 {
		return 0, fmt.Errorf("%d keys: at most 26^4", o.keys)
	}
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
	if err := cw.Write([]string{"symbol", "price", "qty", "venue"}); err != nil {
		return 0, err
	}
	r := rand.New(rand.NewPCG(o.seed, 0x6b0b))
	names := make([]string, o.keys)
	for i := range names {
		names[i] = symbol(i)
	}
	seen := map[string]bool{}
	nullSeen := false
	rec := make([]string, 4)
	for i := range n {
		rec = rec[:4]
		sym := names[r.IntN(len(names))]
		price := strconv.FormatFloat(float64(4500+r.IntN(12000))/100, 'f', -1, 64)
		qty := strconv.Itoa(1 + r.IntN(100))
		venue := venues[r.IntN(len(venues))]
		if r.Float64() < o.null {
			sym = ""
		}
		if r.Float64() < o.null {
			price = ""
		}
		if r.Float64() < o.null {
			qty = ""
		}
		bad := false
		if o.special {
			switch k := r.IntN(100); {
			case k < 5:
				sym = specialSymbols[r.IntN(len(specialSymbols))]
			case k < 7:
				qty = strconv.Itoa(-r.IntN(1_000_000))
			case k == 7:
				price, bad = "x", true
			case k == 8:
				qty, bad = "1.5", true
			case k == 9:
				rec, bad = rec[:2], true
			}
			if i == n/3 || i == 2*n/3 { // 2 * MaxInt64 does not fit: SUM fails from the second on
				sym, qty = "OVER", strconv.FormatInt(math.MaxInt64, 10)
			}
		}
		if !bad {
			if sym == "" {
				nullSeen = true
			} else {
				seen[sym] = true
			}
		}
		rec[0] = sym
		if len(rec) == 4 {
			rec[1], rec[2], rec[3] = price, qty, venue
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
	if nullSeen {
		groups = 1
	}
	return groups + len(seen), w.Flush()
}
