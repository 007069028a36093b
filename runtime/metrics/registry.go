package metrics

import (
	"math"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Info describes the program for veloc_build_info: the veloc version and
// SQL hash it was built from, and the deployment context (flags,
// environment, @deployment.* annotations).
type Info struct {
	App      string // @app, else the SQL file's base name
	Version  string // the veloc version that generated the program
	SQLHash  string // hash of the SQL file
	NodeID   string
	NodeName string
	Region   string
}

// Options tunes a Registry.
type Options struct {
	// MaxLag is how many records a Kafka source may be behind the end of
	// each of its partitions and still count as caught up for /readyz.
	MaxLag int64
	// MaxSeries caps the label combinations of each @metric metric (0:
	// DefaultMaxSeries); updates for further combinations are dropped and
	// counted in veloc_metric_dropped_total.
	MaxSeries int
}

// DefaultMaxSeries is dialect.md's cap on the label combinations of one
// @metric metric.
const DefaultMaxSeries = 1000

// DefaultMaxLag is the default of Options.MaxLag.
const DefaultMaxLag = 1000

// Registry holds the metrics of one program run.
type Registry struct {
	reg  *prometheus.Registry
	opts Options
	now  func() time.Time

	phase, batch  *prometheus.HistogramVec
	consumerLag   *prometheus.GaugeVec
	dropped       *prometheus.CounterVec
	inDesc        *prometheus.Desc
	outDesc       *prometheus.Desc
	failedDesc    *prometheus.Desc
	lateDesc      *prometheus.Desc
	rateDesc      *prometheus.Desc
	watermarkDesc *prometheus.Desc
	stateDesc     *prometheus.Desc

	mu       sync.Mutex
	jobs     []*Job
	declared map[string]*Declared
}

// batchBuckets spans a batch from 100µs to about a minute: a batch is a
// chunk of about 1 MiB of a file or one Kafka fetch.
var batchBuckets = prometheus.ExponentialBuckets(0.0001, 4, 10)

// New returns a registry with the spec's metric families, the Go runtime
// and process collectors, and veloc_build_info set to 1.
func New(info Info, opts Options) *Registry {
	if opts.MaxSeries <= 0 {
		opts.MaxSeries = DefaultMaxSeries
	}
	r := &Registry{
		reg: prometheus.NewRegistry(), opts: opts, now: time.Now, declared: map[string]*Declared{},
		phase: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "veloc_phase_seconds", Help: "Time per batch in each phase: deserialize (the source framing a batch), process (the fused decode-evaluate-encode loop), serialize (writing the batch to its sink).",
			Buckets: batchBuckets,
		}, []string{"job", "phase"}),
		batch: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "veloc_batch_seconds", Help: "Time to process and write one batch of records.", Buckets: batchBuckets,
		}, []string{"job"}),
		consumerLag: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "veloc_consumer_lag_records", Help: "Records between a Kafka partition's end and the job's position in it.",
		}, []string{"job", "topic", "partition"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "veloc_metric_dropped_total", Help: "@metric updates not recorded: reason cardinality (the label combination cap was reached) or the kind of error evaluating the metric.",
		}, []string{"job", "metric", "reason"}),
		inDesc:        prometheus.NewDesc("veloc_records_in_total", "Records read, by job and source.", []string{"job", "source"}, nil),
		outDesc:       prometheus.NewDesc("veloc_records_out_total", "Records written, by job and sink.", []string{"job", "sink"}, nil),
		failedDesc:    prometheus.NewDesc("veloc_records_failed_total", "Error records, by job and reason.", []string{"job", "reason"}, nil),
		lateDesc:      prometheus.NewDesc("veloc_records_late_total", "Records that arrived for windows that had closed.", []string{"job"}, nil),
		rateDesc:      prometheus.NewDesc("veloc_throughput_records_per_second", "Records read per second over the last second.", []string{"job"}, nil),
		watermarkDesc: prometheus.NewDesc("veloc_watermark_lag_seconds", "Wall-clock time minus the job's event-time watermark.", []string{"job"}, nil),
		stateDesc:     prometheus.NewDesc("veloc_state_entries", "Open groups, windows or partitions the job holds.", []string{"job"}, nil),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "veloc_build_info", Help: "1, labelled with the veloc version, the SQL hash and the deployment context.",
		ConstLabels: prometheus.Labels{
			"app": info.App, "version": info.Version, "sql_hash": info.SQLHash,
			"node_id": info.NodeID, "node_name": info.NodeName, "region": info.Region,
		},
	})
	build.Set(1)
	r.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		build, r.phase, r.batch, r.consumerLag, r.dropped, (*jobCollector)(r),
	)
	return r
}

// Gatherer is what /metrics serves.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// Sample updates every job's throughput from its records read since the
// previous Sample; Run calls it every second.
func (r *Registry) Sample() {
	now := r.now()
	r.mu.Lock()
	jobs := append([]*Job(nil), r.jobs...)
	r.mu.Unlock()
	for _, j := range jobs {
		j.sample(now)
	}
}

// Run samples the throughput every second until stop is closed.
func (r *Registry) Run(stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			r.Sample()
		}
	}
}

// jobCollector collects the metrics that are read from the jobs when
// Prometheus scrapes, rather than updated on the record path.
type jobCollector Registry

func (c *jobCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.inDesc, c.outDesc, c.failedDesc, c.lateDesc, c.rateDesc, c.watermarkDesc, c.stateDesc} {
		ch <- d
	}
}

func (c *jobCollector) Collect(ch chan<- prometheus.Metric) {
	r := (*Registry)(c)
	r.mu.Lock()
	jobs := append([]*Job(nil), r.jobs...)
	r.mu.Unlock()
	now := r.now()
	for _, j := range jobs {
		cs := j.counts()
		for _, s := range j.sourceNames {
			ch <- prometheus.MustNewConstMetric(r.inDesc, prometheus.CounterValue, float64(cs.In[s]), j.name, s)
		}
		for s, n := range cs.In {
			if !j.declaredSource[s] {
				ch <- prometheus.MustNewConstMetric(r.inDesc, prometheus.CounterValue, float64(n), j.name, s)
			}
		}
		for s, n := range cs.Out {
			ch <- prometheus.MustNewConstMetric(r.outDesc, prometheus.CounterValue, float64(n), j.name, s)
		}
		for _, k := range j.reasons {
			ch <- prometheus.MustNewConstMetric(r.failedDesc, prometheus.CounterValue, float64(cs.Failed[k]), j.name, k)
		}
		for k, n := range cs.Failed {
			if !j.knownReason[k] {
				ch <- prometheus.MustNewConstMetric(r.failedDesc, prometheus.CounterValue, float64(n), j.name, k)
			}
		}
		ch <- prometheus.MustNewConstMetric(r.lateDesc, prometheus.CounterValue, float64(cs.Late), j.name)
		ch <- prometheus.MustNewConstMetric(r.rateDesc, prometheus.GaugeValue, math.Float64frombits(j.rate.Load()), j.name)
		ch <- prometheus.MustNewConstMetric(r.stateDesc, prometheus.GaugeValue, float64(j.state.Load()), j.name)
		if j.hasWatermark.Load() {
			lag := float64(now.UnixMilli()-j.watermark.Load()) / 1000
			ch <- prometheus.MustNewConstMetric(r.watermarkDesc, prometheus.GaugeValue, lag, j.name)
		}
	}
}
