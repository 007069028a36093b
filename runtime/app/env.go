package app

import (
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/velocsql/veloc/runtime/config"
	"github.com/velocsql/veloc/runtime/metrics"
)

// Env is what a job's generated code gets from the program: configuration,
// logging, output, counters and error-record handling. One Env belongs to
// one job; its methods are safe for concurrent use by the job's workers.
type Env struct {
	Job     string
	Sources []string
	Sinks   []string
	// Config holds every property of the program, resolved. The typed
	// getters of Env are shorter for properties declared in Program.Props,
	// which were all checked before the job started.
	Config *config.Set
	// Log writes structured logs; every line carries job=NAME.
	Log *slog.Logger
	// Stdout is where stdout sinks write. It is shared by all jobs and
	// serialises whole Write calls, so give it whole batches.
	Stdout io.Writer

	Bounded  bool   // --bounded: Kafka sources stop at their start-time end offsets
	Brokers  string // --brokers: default bootstrap servers ("" means localhost:9092)
	StateDir string // --state-dir: where state would be snapshotted (not built yet: a warning)
	Quiet    bool   // --quiet: no progress line
	// Metrics are the job's metrics: generated code observes per-batch
	// timings and state on it. Never nil while the job runs.
	Metrics  *metrics.Job
	declared []*metrics.Declared // the job's @metric metrics, in order
	progress *progress           // the progress line; nil when there is none

	run   *runState
	decls map[string]*Prop

	mu     sync.Mutex
	in     map[string]*Counter
	out    map[string]*Counter
	failed map[string]*Counter

	bad badRecords
	// LateDeadLetter sends late records to the DLQ ('late.data.strategy' =
	// 'dead_letter') instead of dropping them; the generated job sets it.
	LateDeadLetter bool
	late           Counter
}

// Counter counts records. Generated loops add whole batches at a time;
// the metrics server will read counters while jobs run, hence atomics.
type Counter struct{ n atomic.Int64 }

// Add adds n records.
func (c *Counter) Add(n int) { c.n.Add(int64(n)) }

// Load returns the count.
func (c *Counter) Load() int64 { return c.n.Load() }

// In returns the counter of records read from source; call it once before
// the loop, not per record.
func (e *Env) In(source string) *Counter { return e.counter(&e.in, source) }

// Out returns the counter of records written to sink; call it once before
// the loop, not per record.
func (e *Env) Out(sink string) *Counter { return e.counter(&e.out, sink) }

func (e *Env) counter(m *map[string]*Counter, name string) *Counter {
	e.mu.Lock()
	defer e.mu.Unlock()
	if *m == nil {
		*m = map[string]*Counter{}
	}
	c, ok := (*m)[name]
	if !ok {
		c = new(Counter)
		(*m)[name] = c
	}
	return c
}

// Counts is a snapshot of a job's counters.
type Counts struct {
	In     map[string]int64 // records read, by source
	Out    map[string]int64 // records written, by sink
	Failed map[string]int64 // error records, by kind (see BadRecord)
	Late   int64            // records for windows that had closed
}

// TotalIn returns the records read from all sources.
func (c Counts) TotalIn() int64 { return sum(c.In) }

// TotalOut returns the records written to all sinks.
func (c Counts) TotalOut() int64 { return sum(c.Out) }

// TotalFailed returns the error records of every kind.
func (c Counts) TotalFailed() int64 { return sum(c.Failed) }

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// Counts returns a snapshot of the job's counters. Every declared source
// and sink is present, with 0 if nothing was counted.
func (e *Env) Counts() Counts {
	e.mu.Lock()
	defer e.mu.Unlock()
	snap := func(m map[string]*Counter) map[string]int64 {
		r := make(map[string]int64, len(m))
		for k, c := range m {
			r[k] = c.Load()
		}
		return r
	}
	return Counts{In: snap(e.in), Out: snap(e.out), Failed: snap(e.failed), Late: e.late.Load()}
}

// logSummary writes the job's one summary line.
func (e *Env) logSummary(outcome string, elapsed time.Duration) {
	c := e.Counts()
	attrs := []any{
		"records_in", c.TotalIn(), "records_out", c.TotalOut(), "failed", c.TotalFailed(),
		"elapsed", elapsed.Round(time.Millisecond),
	}
	if c.Late > 0 {
		attrs = append(attrs, "late", c.Late)
	}
	if len(c.Failed) > 0 {
		var b strings.Builder
		for _, k := range slices.Sorted(maps.Keys(c.Failed)) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s=%d", k, c.Failed[k])
		}
		attrs = append(attrs, "failed_by_kind", b.String())
	}
	e.Log.Info("job "+outcome, attrs...)
}

// decl returns the declaration of a property read with a typed getter;
// reading an undeclared property, or one of another kind, is a bug in the
// generated code, reported by a panic that Run turns into the job's error.
func (e *Env) decl(name string, k Kind) {
	d, ok := e.decls[name]
	if !ok {
		panic(fmt.Sprintf("property %q is not declared in Program.Props", name))
	}
	if k != KindString && d.Kind != k {
		panic(fmt.Sprintf("property %q is declared as %s, read as %s", name, d.Kind, k))
	}
}

// String returns a declared property's value (any kind), with ${VAR}
// expanded and surrounding space kept.
func (e *Env) String(name string) string {
	e.decl(name, KindString)
	return e.Config.Get(name)
}

// Int returns a property declared with KindInt.
func (e *Env) Int(name string) int64 {
	e.decl(name, KindInt)
	v, err := e.Config.Int(name)
	must(err)
	return v
}

// Bool returns a property declared with KindBool.
func (e *Env) Bool(name string) bool {
	e.decl(name, KindBool)
	v, err := e.Config.Bool(name)
	must(err)
	return v
}

// Duration returns a property declared with KindDuration.
func (e *Env) Duration(name string) time.Duration {
	e.decl(name, KindDuration)
	v, err := e.Config.Duration(name)
	must(err)
	return v
}

// must panics on an error that validation at start-up rules out.
func must(err error) {
	if err != nil {
		panic(err.Error())
	}
}

// FirstNonEmpty returns the first of values that is not empty, for
// settings with fallbacks (a property, else a flag, else a default).
func FirstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
