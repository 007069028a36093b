package join

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"

	"github.com/velocsql/veloc/codegen/bench/dynamic"
	"github.com/velocsql/veloc/codegen/bench/join/enrichpipe"
	"github.com/velocsql/veloc/codegen/bench/join/intervalpipe"
)

// The queries, as the sub-benchmarks name them.
const (
	enrich   = "enrich"
	interval = "interval"
)

// sizes shapes the generated inputs.
type sizes struct {
	customers, orders int // enrich: table rows, stream rows
	events            int // interval: rows per stream
	users             int // interval: distinct keys
}

// benchSizes are the issue's: 10M rows against a 100k-row table; two
// streams of 5M rows.
var benchSizes = sizes{customers: 100_000, orders: 10_000_000, events: 5_000_000, users: 100}

var (
	customerSchema = []dynamic.Column{{Name: "id", Type: dynamic.String}, {Name: "name", Type: dynamic.String}, {Name: "tier", Type: dynamic.String}, {Name: "credit", Type: dynamic.Float}}
	orderSchema    = []dynamic.Column{{Name: "oid", Type: dynamic.Integer}, {Name: "cid", Type: dynamic.String}, {Name: "amount", Type: dynamic.Float}}
	eventSchema    = func(id string) []dynamic.Column {
		return []dynamic.Column{{Name: id, Type: dynamic.Integer}, {Name: "uid", Type: dynamic.String}, {Name: "ts", Type: dynamic.Integer}}
	}
)

// enrichQuery is the dynamic evaluator's form of enrich.sql.
var enrichQuery = &dynamic.LookupJoin{
	StreamAlias: "o", TableAlias: "c", Probe: "cid", Key: "id", Left: true,
	Select: []dynamic.Named{
		{Name: "oid", Expr: dynamic.Col{Name: "o.oid"}},
		{Name: "cid", Expr: dynamic.Col{Name: "o.cid"}},
		{Name: "name", Expr: dynamic.Col{Name: "c.name"}},
		{Name: "tier", Expr: dynamic.Col{Name: "c.tier"}},
		{Name: "amount", Expr: dynamic.Col{Name: "o.amount"}},
		{Name: "headroom", Expr: dynamic.Arith{Op: dynamic.Sub, L: dynamic.Col{Name: "c.credit"}, R: dynamic.Col{Name: "o.amount"}}},
	},
}

// intervalQuery is the dynamic evaluator's form of interval.sql.
var intervalQuery = &dynamic.IntervalJoin{
	LeftAlias: "v", RightAlias: "c", LeftKey: "uid", RightKey: "uid", LeftTime: "ts", RightTime: "ts",
	Lo: 0, Hi: 1000,
	Select: []dynamic.Named{
		{Name: "vid", Expr: dynamic.Col{Name: "v.vid"}},
		{Name: "cid", Expr: dynamic.Col{Name: "c.cid"}},
		{Name: "uid", Expr: dynamic.Col{Name: "v.uid"}},
	},
}

// runStats is what a run of either side did: records of the stream(s)
// read and rows written.
type runStats struct{ In, Out int }

var summaryRE = regexp.MustCompile(`msg="job finished" job=(\w+) records_in=(\d+) records_out=(\d+) failed=(\d+)`)

// runGenerated runs the generated pipeline of a query on the files of
// in, writing to stdout, and returns the counts of the joining job.
func runGenerated(name string, in *inputs, stdout io.Writer) (runStats, error) {
	var log bytes.Buffer
	var err error
	switch name {
	case enrich:
		set := map[string]string{"customers.path": in.customers, "orders.path": in.orders}
		var p *enrichpipe.Pipeline
		if p, err = enrichpipe.New(enrichpipe.Config{Set: set, Stdout: stdout, Stderr: &log}); err == nil {
			err = p.Run(context.Background())
		}
	case interval:
		set := map[string]string{"views.path": in.views, "clicks.path": in.clicks}
		var p *intervalpipe.Pipeline
		if p, err = intervalpipe.New(intervalpipe.Config{Set: set, Stdout: stdout, Stderr: &log}); err == nil {
			err = p.Run(context.Background())
		}
	}
	if err != nil {
		return runStats{}, err
	}
	job := map[string]string{enrich: "enriched", interval: "attributed"}[name]
	for _, m := range summaryRE.FindAllStringSubmatch(log.String(), -1) {
		if m[1] != job {
			continue
		}
		if m[4] != "0" {
			return runStats{}, fmt.Errorf("%s failed records: %s", job, m[0])
		}
		n, _ := strconv.Atoi(m[2])
		out, _ := strconv.Atoi(m[3])
		return runStats{In: n, Out: out}, nil
	}
	return runStats{}, fmt.Errorf("no summary of job %s in the log: %q", job, log.String())
}

// runDynamic runs the dynamic evaluator's form of a query.
func runDynamic(name string, in *inputs, stdout io.Writer) (runStats, error) {
	open := func(p string) (*os.File, error) { return os.Open(p) }
	var a, b *os.File
	var err error
	if name == enrich {
		a, err = open(in.customers)
		if err == nil {
			b, err = open(in.orders)
		}
	} else {
		a, err = open(in.views)
		if err == nil {
			b, err = open(in.clicks)
		}
	}
	if err != nil {
		return runStats{}, err
	}
	defer a.Close()
	defer b.Close()
	var st dynamic.Stats
	if name == enrich {
		st, err = dynamic.RunLookupJoinCSV(a, b, stdout, enrichQuery, customerSchema, orderSchema)
	} else {
		st, err = dynamic.RunIntervalJoinCSV(a, b, stdout, intervalQuery, eventSchema("vid"), eventSchema("cid"))
	}
	if err == nil && st.Bad != 0 {
		err = fmt.Errorf("dynamic: %d bad records", st.Bad)
	}
	return runStats{In: st.In, Out: st.Out}, err
}

// BenchmarkJoin runs each query on the full inputs, generated and dynamic
// side by side; both runs must count the same records in and rows out.
func BenchmarkJoin(b *testing.B) {
	in := writeInputs(b, "bench", benchSizes)
	for _, name := range []string{enrich, interval} {
		records := in.orders
		n := benchSizes.orders
		if name == interval {
			records, n = in.views, 2*benchSizes.events
		}
		b.Run(name, func(b *testing.B) {
			var gen runStats
			b.Run("generated", func(b *testing.B) {
				measure(b, records, n, func() (err error) {
					gen, err = runGenerated(name, in, io.Discard)
					if err == nil && (gen.In != n || gen.Out == 0) {
						err = fmt.Errorf("generated %+v for %d records", gen, n)
					}
					return err
				})
			})
			b.Run("dynamic", func(b *testing.B) {
				measure(b, records, n, func() error {
					st, err := runDynamic(name, in, io.Discard)
					if err == nil && gen != (runStats{}) && st != gen {
						err = fmt.Errorf("dynamic %+v, generated %+v", st, gen)
					}
					return err
				})
			})
		})
	}
}

// measure runs the query once per iteration and reports records/s,
// ns/record and allocs/record (heap allocations over the run per stream
// record) besides the default columns.
func measure(b *testing.B, path string, records int, run func() error) {
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
	n := float64(records) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/record")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/record")
}

// inputs are the generated input files of one size.
type inputs struct {
	customers, orders, views, clicks string
}

// writeInputs writes the inputs of s into a temporary folder of the test.
func writeInputs(tb testing.TB, name string, s sizes) *inputs {
	tb.Helper()
	dir := tb.TempDir()
	in := &inputs{
		customers: filepath.Join(dir, name+"_customers.csv"),
		orders:    filepath.Join(dir, name+"_orders.csv"),
		views:     filepath.Join(dir, name+"_views.csv"),
		clicks:    filepath.Join(dir, name+"_clicks.csv"),
	}
	r := rand.New(rand.NewPCG(9, 10))
	write := func(path, header string, n int, row func(w *bufio.Writer, i int)) {
		f, err := os.Create(path)
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(header)
		for i := range n {
			row(w, i)
		}
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		if err := f.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	tiers := []string{"gold", "silver", "bronze"}
	write(in.customers, "id,name,tier,credit\n", s.customers, func(w *bufio.Writer, i int) {
		name := "Customer " + strconv.Itoa(i)
		if i%50 == 0 {
			name = ""
		}
		fmt.Fprintf(w, "C%07d,%s,%s,%d.%02d\n", i, name, tiers[i%3], 100+i%5000, i%100)
	})
	write(in.orders, "oid,cid,amount\n", s.orders, func(w *bufio.Writer, i int) {
		c := ""
		if r.IntN(100) != 0 {
			c = fmt.Sprintf("C%07d", r.IntN(s.customers+s.customers/10))
		}
		fmt.Fprintf(w, "%d,%s,%d.%02d\n", i, c, r.IntN(1000), r.IntN(100))
	})
	const t0 = 1704153600000
	write(in.views, "vid,uid,ts\n", s.events, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "%d,u%d,%d\n", i, r.IntN(s.users), t0+int64(i)*10)
	})
	write(in.clicks, "cid,uid,ts\n", s.events, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "%d,u%d,%d\n", i, r.IntN(s.users), t0+int64(i)*10+5)
	})
	return in
}
