package kafka

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/velocsql/veloc/runtime/metrics"
)

// SourceConfig configures a Kafka source.
type SourceConfig struct {
	Name    string   // the source's name, for errors; "" means Topic
	Brokers []string // bootstrap servers; none means [DefaultBrokers]
	Topic   string
	// Group is the consumer group id; "" means no group: every partition
	// is assigned directly and read from the start (or the end, without
	// StartFromEarliest), and Commit does nothing.
	Group string
	// Bounded stops at the end offsets every partition had at start
	// (runtime.md --bounded).
	Bounded bool
	// TrackStart lists the end offsets every partition had at start, as
	// Bounded does, without stopping there: CaughtUp then tells when they
	// have been read (a table is loaded before the streams joining it
	// start, dialect.md).
	TrackStart bool
	// StartFromEarliest reads partitions that have no committed offset
	// from their start ('auto.offset.reset' = 'earliest', io.md's
	// default); false reads them from their end ('latest'). The zero
	// value is latest: set it. 'auto.offset.reset' in Extra overrides it.
	StartFromEarliest bool
	// ConnectTimeout bounds how long NewSource tries to reach the
	// brokers; 0 means DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// Extra holds Kafka client properties from WITH (see SourceProperties);
	// an unknown one is an error from NewSource.
	Extra map[string]string
	// Tick, when positive, makes Poll return without records after
	// waiting that long for some, so that a caller whose work depends on
	// processing time (a watermark's idle partitions) gets to run.
	Tick time.Duration
	// Health, if not nil, hears that the source connected and how far
	// behind each partition's end it is (runtime/metrics, /readyz).
	Health *metrics.Source
}

// Source reads one topic. Its methods are for one goroutine.
type Source struct {
	who   string
	topic string
	cl    *kgo.Client
	group bool

	bounded  bool
	track    bool // bounded or TrackStart: end and next are kept
	maxPoll  int
	tick     time.Duration
	mu       sync.Mutex            // guards the maps below (group callbacks run elsewhere)
	end      map[int32]int64       // bounded: end offset of each partition at start
	next     map[int32]int64       // bounded: offset at or below which the next record comes
	assigned map[int32]bool        // with a group: current assignment
	joined   bool                  // with a group: an assignment happened
	wake     func()                // bounded with a group: cancels the Poll under way
	pending  map[int32]*kgo.Record // with a group: last record returned, by partition, not committed
	groupID  string

	recs []Record
	hdrs []Header

	health        *metrics.Source
	readCommitted bool
	partitions    []int32         // the topic's partitions
	hw            map[int32]int64 // health: each partition's end at its last fetch
	fetched       map[int32]int64 // health: position after the batch being processed
}

// NewSource connects to the brokers (failing after cfg.ConnectTimeout
// with an error naming them), checks that the topic exists and, when
// bounded, lists the end offsets of its partitions.
func NewSource(ctx context.Context, cfg SourceConfig) (*Source, error) {
	name := cfg.Name
	if name == "" {
		name = cfg.Topic
	}
	s := &Source{who: "kafka source " + name, topic: cfg.Topic, group: cfg.Group != "", groupID: cfg.Group, bounded: cfg.Bounded, health: cfg.Health}
	if cfg.Topic == "" {
		return nil, fmt.Errorf("%s: no topic", s.who)
	}
	ps, err := parseProps(cfg.Extra, forSource, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.who, err)
	}
	s.maxPoll = ps.maxPollRecords
	s.tick = cfg.Tick
	timeout := cfg.ConnectTimeout
	if timeout <= 0 {
		timeout = DefaultConnectTimeout
	}
	brokers := brokersOr(cfg.Brokers)
	latest := !cfg.StartFromEarliest
	if ps.resetLatest != nil {
		latest = *ps.resetLatest
	}
	reset := kgo.NewOffset().AtStart()
	if latest {
		reset = kgo.NewOffset().AtEnd()
	}

	// A first client, without consuming, for the metadata.
	opts := append(connectOpts(brokers, timeout), ps.opts...)
	admCl, err := connect(ctx, s.who, brokers, timeout, opts)
	if err != nil {
		return nil, err
	}
	defer admCl.Close()
	adm := kadm.NewClient(admCl)
	mctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	topics, err := adm.ListTopics(mctx, cfg.Topic)
	if err != nil {
		return nil, fmt.Errorf("%s: listing topic %q: %w", s.who, cfg.Topic, err)
	}
	td, ok := topics[cfg.Topic]
	if !ok || errors.Is(td.Err, kerr.UnknownTopicOrPartition) {
		return nil, fmt.Errorf("%s: topic %q does not exist on %s", s.who, cfg.Topic, strings.Join(brokers, ","))
	}
	if td.Err != nil {
		return nil, fmt.Errorf("%s: topic %q: %w", s.who, cfg.Topic, td.Err)
	}
	for p := range td.Partitions {
		s.partitions = append(s.partitions, p)
	}
	slices.Sort(s.partitions)
	s.readCommitted = ps.readCommitted

	opts = append(opts, kgo.KeepControlRecords()) // their offsets tell when a partition is done
	if ps.readCommitted {
		opts = append(opts, kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	}
	s.track = cfg.Bounded || cfg.TrackStart
	if s.track {
		if err := s.listBounds(mctx, adm, cfg.Group, ps.readCommitted, latest); err != nil {
			return nil, err
		}
	}
	if s.group {
		s.assigned = map[int32]bool{}
		opts = append(opts,
			kgo.ConsumerGroup(cfg.Group), kgo.ConsumeTopics(cfg.Topic), kgo.ConsumeResetOffset(reset),
			kgo.DisableAutoCommit(),
			kgo.OnPartitionsAssigned(s.onAssigned),
			kgo.OnPartitionsRevoked(s.onRevoked),
			kgo.OnPartitionsLost(s.onRevoked))
	} else {
		parts := map[int32]kgo.Offset{}
		for p := range td.Partitions {
			parts[p] = reset
		}
		opts = append(opts, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{cfg.Topic: parts}))
	}
	if s.cl, err = kgo.NewClient(opts...); err != nil {
		return nil, fmt.Errorf("%s: %w", s.who, err)
	}
	s.initialLag(mctx, adm, cfg.Group, ps.readCommitted, latest)
	s.health.SetConnected()
	return s, nil
}

// listBounds records, for a bounded source, each partition's end offset
// and where reading will start: the committed offset of the group, else
// the log start (or the end, with latest).
func (s *Source) listBounds(ctx context.Context, adm *kadm.Client, group string, readCommitted, latest bool) error {
	list := adm.ListEndOffsets
	if readCommitted {
		list = adm.ListCommittedOffsets // last stable offsets
	}
	ends, err := list(ctx, s.topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return fmt.Errorf("%s: listing end offsets of %q: %w", s.who, s.topic, err)
	}
	starts, err := adm.ListStartOffsets(ctx, s.topic)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return fmt.Errorf("%s: listing start offsets of %q: %w", s.who, s.topic, err)
	}
	s.end, s.next = map[int32]int64{}, map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		s.end[o.Partition] = o.Offset
		s.next[o.Partition] = 0
		if st, ok := starts.Lookup(s.topic, o.Partition); ok {
			s.next[o.Partition] = st.Offset
		}
		if latest {
			s.next[o.Partition] = o.Offset
		}
	})
	if group != "" {
		return s.loadCommitted(ctx, adm, group)
	}
	return nil
}

// loadCommitted raises next to the group's committed offsets.
func (s *Source) loadCommitted(ctx context.Context, adm *kadm.Client, group string) error {
	offs, err := adm.FetchOffsets(ctx, group)
	if errors.Is(err, kerr.GroupIDNotFound) { // a new group (some brokers say so)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: fetching the committed offsets of group %q: %w", s.who, group, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for p := range s.end {
		if o, ok := offs.Lookup(s.topic, p); ok && o.Err == nil && o.At >= 0 {
			s.next[p] = o.At
		}
	}
	return nil
}

func (s *Source) onAssigned(ctx context.Context, cl *kgo.Client, m map[string][]int32) {
	if s.bounded {
		// The partitions start at the group's committed offsets as
		// they are now (another member may have moved them since
		// NewSource).
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_ = s.loadCommitted(cctx, kadm.NewClient(cl), s.groupID)
		cancel()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range m[s.topic] {
		s.assigned[p] = true
	}
	s.forgetUnassigned()
	s.joined = true
	if s.bounded {
		s.wakeIfFinished()
	}
}

// Partitions appends to dst the partitions the source reads now: every
// partition of the topic, or, with a group, those assigned to it (none
// before the group is joined), in order. A job's watermark counts them.
func (s *Source) Partitions(dst []int32) []int32 {
	if !s.group {
		return append(dst, s.partitions...)
	}
	s.mu.Lock()
	for p := range s.assigned {
		dst = append(dst, p)
	}
	s.mu.Unlock()
	slices.Sort(dst)
	return dst
}

// wakeIfFinished ends a Poll that waits for records that will not come:
// the assignment changed and every partition left is done. s.mu is held.
func (s *Source) wakeIfFinished() {
	if s.wake != nil && s.finishedLocked() {
		s.wake()
	}
}

func (s *Source) onRevoked(_ context.Context, _ *kgo.Client, m map[string][]int32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range m[s.topic] {
		delete(s.assigned, p)
		s.health.ForgetPartition(s.topic, p)
		// Another member reads it now: committing our older offset
		// would move its commit back.
		delete(s.pending, p)
	}
	if s.bounded {
		s.wakeIfFinished()
	}
}

// CaughtUp tells whether a source with TrackStart (or Bounded) has read
// every partition it reads up to the end offset it had at start.
func (s *Source) CaughtUp() bool {
	return s.track && s.finished()
}

// finished tells whether a bounded source has read every partition it
// reads to its end offset at start.
func (s *Source) finished() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finishedLocked()
}

func (s *Source) finishedLocked() bool {
	if s.group && !s.joined {
		return false
	}
	for p, end := range s.end {
		if s.group && !s.assigned[p] {
			continue
		}
		if s.next[p] < end {
			return false
		}
	}
	return true
}

// Poll returns the records of the next fetch, which stay valid until the
// next Poll. It blocks until there are some, or, with a Tick, for at most
// that long (returning none, not done). It returns done (and no
// records) when ctx is done, when the source is closed, or, bounded, once
// every partition (every assigned partition, with a group) has reached
// the end offset it had at start; records past that offset are not
// returned. Fetch errors that the client does not retry are returned.
func (s *Source) Poll(ctx context.Context) (recs []Record, done bool, err error) {
	var deadline time.Time
	if s.tick > 0 {
		deadline = time.Now().Add(s.tick)
	}
	for {
		if s.bounded && s.finished() {
			return nil, true, nil
		}
		if ctx.Err() != nil {
			return nil, true, nil
		}
		fs := s.poll(ctx)
		fetched := time.Now()
		if fs.IsClientClosed() {
			return nil, true, nil
		}
		for _, fe := range fs.Errors() {
			var loss *kgo.ErrDataLoss
			switch {
			case isContextErr(fe.Err):
			case errors.As(fe.Err, &loss):
				// The client has reset the partition; a bounded
				// source must not wait for offsets that are gone.
				s.mu.Lock()
				if s.next != nil && loss.ResetTo > s.next[loss.Partition] {
					s.next[loss.Partition] = loss.ResetTo
				}
				s.mu.Unlock()
			default:
				return nil, false, fmt.Errorf("%s: topic %q partition %d: %w", s.who, fe.Topic, fe.Partition, fe.Err)
			}
		}
		s.recs, s.hdrs = s.recs[:0], s.hdrs[:0]
		fs.EachPartition(func(ftp kgo.FetchTopicPartition) {
			var last *kgo.Record
			end, bounded := int64(-1), false
			if s.bounded {
				s.mu.Lock()
				end, bounded = s.end[ftp.Partition]
				s.mu.Unlock()
			}
			for _, r := range ftp.Records {
				if bounded && r.Offset >= end {
					break
				}
				last = r
				if r.Attrs.IsControl() {
					continue
				}
				h0 := len(s.hdrs)
				for _, h := range r.Headers {
					s.hdrs = append(s.hdrs, Header{Key: h.Key, Value: h.Value})
				}
				s.recs = append(s.recs, Record{
					Key: r.Key, Value: r.Value, Topic: r.Topic, Partition: r.Partition, Offset: r.Offset,
					Timestamp: r.Timestamp.UnixMilli(),
					Headers:   s.hdrs[h0:len(s.hdrs):len(s.hdrs)],
				})
			}
			s.mu.Lock()
			s.noteFetch(ftp, last)
			if last == nil {
				s.mu.Unlock()
				return
			}
			if s.track && last.Offset+1 > s.next[ftp.Partition] {
				s.next[ftp.Partition] = last.Offset + 1
			}
			if s.group {
				if s.pending == nil {
					s.pending = map[int32]*kgo.Record{}
				}
				s.pending[ftp.Partition] = last
			}
			s.mu.Unlock()
		})
		// Headers slices were cut while s.hdrs grew; fix them up now
		// that it no longer moves.
		s.fixHeaders()
		if len(s.recs) > 0 {
			s.health.ObserveDeserialize(since(fetched))
			return s.recs, false, nil
		}
		if s.tick > 0 && !time.Now().Before(deadline) {
			return nil, false, nil
		}
	}
}

// poll polls the client; a bounded source with a group polls with a
// context that a change of assignment can cancel.
func (s *Source) poll(ctx context.Context) kgo.Fetches {
	if s.bounded && s.group {
		pctx, cancel := context.WithCancel(ctx)
		defer cancel()
		s.mu.Lock()
		s.wake = cancel
		fin := s.finishedLocked()
		s.mu.Unlock()
		if fin {
			cancel()
		}
		defer func() {
			s.mu.Lock()
			s.wake = nil
			s.mu.Unlock()
		}()
		ctx = pctx
	}
	if s.tick > 0 {
		tctx, cancel := context.WithTimeout(ctx, s.tick)
		defer cancel()
		ctx = tctx
	}
	if s.maxPoll > 0 {
		return s.cl.PollRecords(ctx, s.maxPoll)
	}
	return s.cl.PollFetches(ctx)
}

// fixHeaders points every record's Headers into the final s.hdrs (append
// may have moved it after earlier records took their slice).
func (s *Source) fixHeaders() {
	i := 0
	for k := range s.recs {
		n := len(s.recs[k].Headers)
		if n == 0 {
			s.recs[k].Headers = nil
			continue
		}
		s.recs[k].Headers = s.hdrs[i : i+n : i+n]
		i += n
	}
}

// Commit commits, for a source with a group, the offsets of every record
// Poll has returned so far (and of the control records it skipped). Call
// it only after every sink has flushed the output of those records: that
// is what makes delivery at-least-once. Without a group it does nothing.
func (s *Source) Commit(ctx context.Context) error {
	if !s.group {
		s.reportLag()
		return nil
	}
	s.mu.Lock()
	recs := make([]*kgo.Record, 0, len(s.pending))
	for _, r := range s.pending {
		recs = append(recs, r)
	}
	clear(s.pending)
	s.mu.Unlock()
	if len(recs) == 0 {
		s.reportLag()
		return nil
	}
	if err := s.cl.CommitRecords(ctx, recs...); err != nil {
		s.mu.Lock()
		for _, r := range recs { // to retry, unless polled past or revoked since
			if _, ok := s.pending[r.Partition]; !ok && s.assigned[r.Partition] {
				s.pending[r.Partition] = r
			}
		}
		s.mu.Unlock()
		return fmt.Errorf("%s: committing offsets: %w", s.who, err)
	}
	s.reportLag()
	return nil
}

// Close leaves the group (without committing) and closes the connections.
func (s *Source) Close() {
	s.cl.Close()
}
