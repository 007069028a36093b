package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// Kind is the type of a metric declared with @metric_type.
type Kind int

const (
	CounterKind Kind = iota
	GaugeKind
	HistogramKind
)

func (k Kind) String() string { return [...]string{"counter", "gauge", "histogram"}[k] }

// Spec is a metric declared with @metric annotations. The job label is
// added in front of Labels.
type Spec struct {
	Name    string
	Help    string
	Kind    Kind
	Labels  []string  // output columns used as labels
	Buckets []float64 // histograms; nil means Prometheus's default buckets
}

// Declared is one @metric metric of one job. Generated code resolves a
// label combination to a *Child once per worker (Child), caches it in a
// map keyed by a typed struct of the label values, and updates the child
// for each output row.
type Declared struct {
	job  *Job
	spec Spec
	max  int

	counter   *prometheus.CounterVec
	gauge     *prometheus.GaugeVec
	histogram *prometheus.HistogramVec

	mu       sync.Mutex
	children map[string]*Child
	overflow *Child // shared by every combination beyond the cap
	failed   map[string]prometheus.Counter
}

// Declare registers a @metric metric of job j. Declaring the same name
// again with the same kind and labels (another job of the program) shares
// the metric family; a conflicting declaration is an error.
func (j *Job) Declare(spec Spec) (*Declared, error) {
	r := j.r
	key := strings.Join(append([]string{spec.Kind.String()}, spec.Labels...), "\x00")
	labels := append([]string{"job"}, spec.Labels...)
	r.mu.Lock()
	defer r.mu.Unlock()
	d := &Declared{job: j, spec: spec, max: r.opts.MaxSeries, children: map[string]*Child{}, failed: map[string]prometheus.Counter{}}
	if prev, ok := r.declared[spec.Name]; ok {
		pkey := strings.Join(append([]string{prev.spec.Kind.String()}, prev.spec.Labels...), "\x00")
		if pkey != key || !slices.Equal(prev.spec.Buckets, spec.Buckets) {
			return nil, fmt.Errorf("metric %s is declared twice with different types, labels or buckets", spec.Name)
		}
		d.counter, d.gauge, d.histogram = prev.counter, prev.gauge, prev.histogram
	} else {
		var c prometheus.Collector
		switch spec.Kind {
		case CounterKind:
			d.counter = prometheus.NewCounterVec(prometheus.CounterOpts{Name: spec.Name, Help: help(spec)}, labels)
			c = d.counter
		case GaugeKind:
			d.gauge = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: spec.Name, Help: help(spec)}, labels)
			c = d.gauge
		default:
			d.histogram = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: spec.Name, Help: help(spec), Buckets: spec.Buckets}, labels)
			c = d.histogram
		}
		if err := r.reg.Register(c); err != nil {
			return nil, fmt.Errorf("metric %s: %w", spec.Name, err)
		}
		r.declared[spec.Name] = d
	}
	d.overflow = &Child{d: d, dropped: r.dropped.WithLabelValues(j.name, spec.Name, "cardinality")}
	return d, nil
}

func help(s Spec) string {
	if s.Help != "" {
		return s.Help
	}
	return "Declared with @metric in the SQL."
}

// Child returns the series of one label combination (values in the order
// of Spec.Labels). Past the cap on combinations it returns a child whose
// updates are counted as dropped.
func (d *Declared) Child(values ...string) *Child {
	key := strings.Join(values, "\xff")
	d.mu.Lock()
	defer d.mu.Unlock()
	if c, ok := d.children[key]; ok {
		return c
	}
	if len(d.children) >= d.max {
		return d.overflow
	}
	lv := append([]string{d.job.name}, values...)
	c := &Child{d: d}
	switch {
	case d.counter != nil:
		c.counter = d.counter.WithLabelValues(lv...)
	case d.gauge != nil:
		c.gauge = d.gauge.WithLabelValues(lv...)
	default:
		c.histogram = d.histogram.WithLabelValues(lv...)
	}
	d.children[key] = c
	return c
}

// Fail counts an update that was not made because evaluating the
// metric's condition or value failed on a row (kind: division_by_zero,
// overflow, ...).
func (d *Declared) Fail(kind string) {
	d.mu.Lock()
	c, ok := d.failed[kind]
	if !ok {
		c = d.job.r.dropped.WithLabelValues(d.job.name, d.spec.Name, kind)
		d.failed[kind] = c
	}
	d.mu.Unlock()
	c.Inc()
}

// Child is one series of a declared metric.
type Child struct {
	d         *Declared
	counter   prometheus.Counter
	gauge     prometheus.Gauge
	histogram prometheus.Observer
	dropped   prometheus.Counter // set on the overflow child only
}

// Update applies one output row's value: a counter adds it (negative and
// NaN values cannot be added to a counter and are counted as dropped), a
// gauge is set to it, a histogram observes it.
func (c *Child) Update(v float64) {
	switch {
	case c.dropped != nil:
		c.dropped.Inc()
	case c.counter != nil:
		if v < 0 || math.IsNaN(v) {
			c.d.Fail("negative")
			return
		}
		c.counter.Add(v)
	case c.gauge != nil:
		c.gauge.Set(v)
	default:
		c.histogram.Observe(v)
	}
}

// Overflow reports whether c stands for every combination past the cap:
// generated code does not cache it, so that a label with unbounded values
// cannot grow a worker's map without bound.
func (c *Child) Overflow() bool { return c.dropped != nil }

// Label is a label's text: "" for NULL (Prometheus treats an empty label
// as absent).
func Label(ok bool, text string) string {
	if !ok {
		return ""
	}
	return text
}
