package metrics

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Source is the health of one source of a job, which /readyz reports: a
// source is ready once it is connected (a file opened, a Kafka client
// that reached its brokers and found its topic) and, for Kafka, once
// every partition it reads is at most Options.MaxLag records behind the
// partition's end. A nil *Source does nothing.
type Source struct {
	job       *Job
	name      string
	connected atomic.Bool

	mu   sync.Mutex
	lags map[partitionKey]int64
}

type partitionKey struct {
	topic     string
	partition int32
}

// SetConnected marks the source as connected.
func (s *Source) SetConnected() {
	if s != nil {
		s.connected.Store(true)
	}
}

// SetLag sets how many records the job is behind the end of a partition,
// for veloc_consumer_lag_records and /readyz.
func (s *Source) SetLag(topic string, partition int32, lag int64) {
	if s == nil {
		return
	}
	if lag < 0 {
		lag = 0
	}
	s.mu.Lock()
	if s.lags == nil {
		s.lags = map[partitionKey]int64{}
	}
	s.lags[partitionKey{topic, partition}] = lag
	s.mu.Unlock()
	s.job.r.consumerLag.WithLabelValues(s.job.name, topic, strconv.Itoa(int(partition))).Set(float64(lag))
}

// ForgetPartition removes a partition the source no longer reads (another
// member of the consumer group took it).
func (s *Source) ForgetPartition(topic string, partition int32) {
	if s == nil {
		return
	}
	s.mu.Lock()
	delete(s.lags, partitionKey{topic, partition})
	s.mu.Unlock()
	s.job.r.consumerLag.DeleteLabelValues(s.job.name, topic, strconv.Itoa(int(partition)))
}

// status reports whether the source is ready, and if not why.
func (s *Source) status(maxLag int64) (bool, string) {
	if !s.connected.Load() {
		return false, fmt.Sprintf("job %s: source %s is not connected", s.job.name, s.name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := slices.SortedFunc(maps.Keys(s.lags), func(a, b partitionKey) int {
		if a.topic != b.topic {
			if a.topic < b.topic {
				return -1
			}
			return 1
		}
		return int(a.partition - b.partition)
	})
	for _, k := range keys {
		if lag := s.lags[k]; lag > maxLag {
			return false, fmt.Sprintf("job %s: source %s: topic %s partition %d is %d records behind (at most %d)", s.job.name, s.name, k.topic, k.partition, lag, maxLag)
		}
	}
	return true, ""
}

// Ready reports whether every source of every running job is ready, and
// the reasons when it is not, one per source that is not.
func (r *Registry) Ready() (bool, []string) {
	r.mu.Lock()
	jobs := append([]*Job(nil), r.jobs...)
	r.mu.Unlock()
	var why []string
	for _, j := range jobs {
		j.mu.Lock()
		done := j.done
		srcs := slices.Sorted(maps.Keys(j.sources))
		ss := make([]*Source, len(srcs))
		for i, n := range srcs {
			ss[i] = j.sources[n]
		}
		j.mu.Unlock()
		if done {
			continue
		}
		for _, s := range ss {
			if ok, w := s.status(r.opts.MaxLag); !ok {
				why = append(why, w)
			}
		}
	}
	return len(why) == 0, why
}

// ObserveDeserialize records the time the source took to turn one fetch
// into records, as the job's deserialize phase.
func (s *Source) ObserveDeserialize(d time.Duration) {
	if s != nil {
		s.job.ObserveDeserialize(d)
	}
}
