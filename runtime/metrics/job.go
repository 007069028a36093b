package metrics

import (
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Counts is a snapshot of a job's record counters, which the job keeps
// itself (batched, atomic) and the registry reads when scraped.
type Counts struct {
	In     map[string]int64 // by source
	Out    map[string]int64 // by sink
	Failed map[string]int64 // by reason
	Late   int64
}

// JobSpec registers a job with a registry.
type JobSpec struct {
	Name    string
	Sources []string // every source, so that each has a series from the start
	// Reasons are the error-record reasons that get a series at 0 before
	// the first error record, so that rate() sees the first one.
	Reasons []string
	// Counts returns the job's counters; it is called on every scrape.
	Counts func() Counts
}

// Job is one job's metrics. Its methods are safe for concurrent use, and
// a nil *Job does nothing, so that code can run without a registry.
type Job struct {
	r              *Registry
	name           string
	counts         func() Counts
	sourceNames    []string
	declaredSource map[string]bool
	reasons        []string
	knownReason    map[string]bool

	deserialize, process, serialize, batch prometheus.Observer

	state        atomic.Int64
	watermark    atomic.Int64 // epoch ms
	hasWatermark atomic.Bool
	rate         atomic.Uint64 // float64 bits

	sampleMu   sync.Mutex
	lastIn     int64
	lastSample time.Time

	mu      sync.Mutex
	sources map[string]*Source
	done    bool
}

// Job registers a job and returns its metrics.
func (r *Registry) Job(spec JobSpec) *Job {
	j := &Job{
		r: r, name: spec.Name, counts: spec.Counts, sourceNames: spec.Sources, reasons: spec.Reasons,
		declaredSource: map[string]bool{}, knownReason: map[string]bool{}, sources: map[string]*Source{},
		deserialize: r.phase.WithLabelValues(spec.Name, "deserialize"),
		process:     r.phase.WithLabelValues(spec.Name, "process"),
		serialize:   r.phase.WithLabelValues(spec.Name, "serialize"),
		batch:       r.batch.WithLabelValues(spec.Name),
		lastSample:  r.now(),
	}
	if j.counts == nil {
		j.counts = func() Counts { return Counts{} }
	}
	for _, s := range spec.Sources {
		j.declaredSource[s] = true
		j.sources[s] = &Source{job: j, name: s}
	}
	for _, k := range spec.Reasons {
		j.knownReason[k] = true
	}
	r.mu.Lock()
	r.jobs = append(r.jobs, j)
	r.mu.Unlock()
	return j
}

// Name returns the job's name.
func (j *Job) Name() string {
	if j == nil {
		return ""
	}
	return j.name
}

// ObserveDeserialize records the time a source took to frame one batch.
func (j *Job) ObserveDeserialize(d time.Duration) {
	if j != nil {
		j.deserialize.Observe(d.Seconds())
	}
}

// ObserveProcess records the time of the fused loop over one batch.
func (j *Job) ObserveProcess(d time.Duration) {
	if j != nil {
		j.process.Observe(d.Seconds())
	}
}

// ObserveSerialize records the time writing one batch to the sinks took.
func (j *Job) ObserveSerialize(d time.Duration) {
	if j != nil {
		j.serialize.Observe(d.Seconds())
	}
}

// ObserveBatch records the time one batch took from start to written.
func (j *Job) ObserveBatch(d time.Duration) {
	if j != nil {
		j.batch.Observe(d.Seconds())
	}
}

// SetState sets the number of open groups, windows or partitions.
func (j *Job) SetState(n int) {
	if j != nil {
		j.state.Store(int64(n))
	}
}

// SetWatermark sets the job's event-time watermark, in epoch
// milliseconds; before the first call the job has no watermark series.
// The lowest int64 means no record has been seen and is ignored.
func (j *Job) SetWatermark(ms int64) {
	if j == nil || ms == math.MinInt64 {
		return
	}
	j.watermark.Store(ms)
	j.hasWatermark.Store(true)
}

// Source returns the health of one of the job's sources (a source not
// named in JobSpec is added).
func (j *Job) Source(name string) *Source {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	s, ok := j.sources[name]
	if !ok {
		s = &Source{job: j, name: name}
		j.sources[name] = s
	}
	return s
}

// Done marks the job as ended: its sources no longer hold /readyz back.
func (j *Job) Done() {
	if j == nil {
		return
	}
	j.mu.Lock()
	j.done = true
	j.mu.Unlock()
}

// sample updates the throughput gauge.
func (j *Job) sample(now time.Time) {
	var in int64
	for _, n := range j.counts().In {
		in += n
	}
	j.sampleMu.Lock()
	defer j.sampleMu.Unlock()
	if dt := now.Sub(j.lastSample).Seconds(); dt > 0 {
		j.rate.Store(math.Float64bits(float64(in-j.lastIn) / dt))
	}
	j.lastIn, j.lastSample = in, now
}
