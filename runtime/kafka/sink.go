package kafka

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// SinkConfig configures a Kafka sink.
type SinkConfig struct {
	Name    string   // the sink's name, for errors; "" means Topic
	Brokers []string // bootstrap servers; none means [DefaultBrokers]
	Topic   string
	// AutoCreate creates the topic when it is missing ('auto.create'),
	// with Partitions partitions and Replication replicas (0 means 1).
	AutoCreate  bool
	Partitions  int32
	Replication int16
	// Idempotent produces idempotently (io.md's default: set it; the
	// zero value is not idempotent). 'enable.idempotence' in Extra
	// overrides it; acks 0 or 1 in Extra turn it off.
	Idempotent bool
	// DeliveryProfile is one of DeliveryProfiles ('delivery_profile');
	// "" means "balanced". Properties in Extra override its settings.
	DeliveryProfile string
	// Extra holds Kafka client properties from WITH (see SinkProperties);
	// an unknown one is an error from NewSink.
	Extra map[string]string
	// ConnectTimeout bounds how long NewSink tries to reach the brokers;
	// 0 means DefaultConnectTimeout.
	ConnectTimeout time.Duration
}

// DeliveryProfiles are the values of 'delivery_profile' (io.md).
var DeliveryProfiles = []string{"balanced", "high_throughput", "low_latency", "durable"}

// DefaultDeliveryTimeout bounds how long a message may wait for its
// acknowledgement, retries included, unless 'delivery.timeout.ms' says
// otherwise (the Java client's default): past it, the sink fails rather
// than retrying for ever.
const DefaultDeliveryTimeout = 2 * time.Minute

// profile is a delivery profile's settings.
type profile struct {
	linger      time.Duration
	batch       int32
	compression string
	durable     bool // acks=all and idempotence may not be turned off
}

var profiles = map[string]profile{
	// Every profile keeps acks=all with idempotence: they trade latency
	// against throughput, never durability ('acks' can still lower it).
	"balanced":        {linger: 5 * time.Millisecond, batch: 1_000_000, compression: "snappy"},
	"high_throughput": {linger: 50 * time.Millisecond, batch: 1_000_000, compression: "lz4"},
	"low_latency":     {linger: 0, batch: 256 << 10, compression: "none"},
	"durable":         {linger: 5 * time.Millisecond, batch: 1_000_000, compression: "snappy", durable: true},
}

// Sink writes to one topic. Produce may be called from several
// goroutines; Flush and Close from one.
type Sink struct {
	who   string
	topic string
	cl    *kgo.Client
	ctx   context.Context // cancelled by Close: Produce stops waiting for room
	stop  context.CancelFunc
	delTO time.Duration

	mu    sync.Mutex
	err   error        // the first failed message
	acked atomic.Int64 // messages acknowledged or failed
}

// watch fails the sink when messages are waiting and none has been
// acknowledged for the delivery timeout (brokers gone): it cancels s.ctx,
// which fails the buffered messages and unblocks Produce.
func (s *Sink) watch() {
	tick := min(s.delTO/4, time.Second)
	t := time.NewTicker(tick)
	defer t.Stop()
	last, since := s.acked.Load(), time.Now()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		if n := s.acked.Load(); n != last || s.cl.BufferedProduceRecords() == 0 {
			last, since = n, time.Now()
			continue
		}
		if time.Since(since) >= s.delTO {
			s.fail(fmt.Errorf("no message acknowledged for %s ('delivery.timeout.ms')", s.delTO))
			s.stop()
			return
		}
	}
}

// fail records err unless an earlier error was recorded.
func (s *Sink) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = fmt.Errorf("%s: writing to topic %q: %w", s.who, s.topic, err)
	}
}

// NewSink connects to the brokers (failing after cfg.ConnectTimeout with
// an error naming them) and checks that the topic exists, creating it
// when cfg.AutoCreate is set.
func NewSink(ctx context.Context, cfg SinkConfig) (*Sink, error) {
	name := cfg.Name
	if name == "" {
		name = cfg.Topic
	}
	who := "kafka sink " + name
	if cfg.Topic == "" {
		return nil, fmt.Errorf("%s: no topic", who)
	}
	ps, err := parseProps(cfg.Extra, forSink, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", who, err)
	}
	pname := cfg.DeliveryProfile
	if pname == "" {
		pname = "balanced"
	}
	prof, ok := profiles[pname]
	if !ok {
		return nil, fmt.Errorf("%s: unknown delivery_profile %q (want one of %v)", who, cfg.DeliveryProfile, DeliveryProfiles)
	}
	timeout := cfg.ConnectTimeout
	if timeout <= 0 {
		timeout = DefaultConnectTimeout
	}
	brokers := brokersOr(cfg.Brokers)

	opts := connectOpts(brokers, timeout)
	opts = append(opts, kgo.DefaultProduceTopic(cfg.Topic))
	if !ps.lingerSet {
		opts = append(opts, kgo.ProducerLinger(prof.linger))
	}
	if !ps.batchSet {
		opts = append(opts, kgo.ProducerBatchMaxBytes(prof.batch))
	}
	if !ps.compressionSet {
		opts = append(opts, kgo.ProducerBatchCompression(codec(prof.compression)))
	}
	idempotent := cfg.Idempotent
	if ps.idempotent != nil {
		idempotent = *ps.idempotent
	}
	if prof.durable && (!idempotent || ps.acks == "1" || ps.acks == "0") {
		return nil, fmt.Errorf("%s: delivery_profile 'durable' needs acks=all and idempotence", who)
	}
	switch ps.acks {
	case "", "all":
		opts = append(opts, kgo.RequiredAcks(kgo.AllISRAcks()))
	case "1", "0":
		if ps.idempotent != nil && *ps.idempotent {
			return nil, fmt.Errorf("%s: 'enable.idempotence' = 'true' needs 'acks' = 'all'", who)
		}
		idempotent = false
		if ps.acks == "1" {
			opts = append(opts, kgo.RequiredAcks(kgo.LeaderAck()))
		} else {
			opts = append(opts, kgo.RequiredAcks(kgo.NoAck()))
		}
	}
	if !idempotent {
		opts = append(opts, kgo.DisableIdempotentWrite())
	}
	delTO := DefaultDeliveryTimeout
	if ps.deliveryTOSet {
		delTO = ps.deliveryTO
	}
	// Not kgo.RecordDeliveryTimeout: it counts from the record's
	// timestamp, which is the event time here, often long past; watch
	// enforces the timeout instead.
	opts = append(opts, ps.opts...)

	cl, err := connect(ctx, who, brokers, timeout, opts)
	if err != nil {
		return nil, err
	}
	if err := ensureTopic(ctx, who, cl, brokers, cfg, timeout); err != nil {
		cl.Close()
		return nil, err
	}
	s := &Sink{who: who, topic: cfg.Topic, cl: cl, delTO: delTO}
	s.ctx, s.stop = context.WithCancel(context.Background())
	if delTO > 0 {
		go s.watch()
	}
	return s, nil
}

// ensureTopic checks that the topic exists, creating it when allowed.
func ensureTopic(ctx context.Context, who string, cl *kgo.Client, brokers []string, cfg SinkConfig, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	adm := kadm.NewClient(cl)
	topics, err := adm.ListTopics(ctx, cfg.Topic)
	if err != nil {
		return fmt.Errorf("%s: listing topic %q: %w", who, cfg.Topic, err)
	}
	if topics.Has(cfg.Topic) {
		if err := topics[cfg.Topic].Err; err != nil {
			return fmt.Errorf("%s: topic %q: %w", who, cfg.Topic, err)
		}
		return nil
	}
	if !cfg.AutoCreate {
		return fmt.Errorf("%s: topic %q does not exist on %s (set 'auto.create' = 'true' to create it)",
			who, cfg.Topic, strings.Join(brokers, ","))
	}
	parts, repl := cfg.Partitions, cfg.Replication
	if parts <= 0 {
		parts = 1
	}
	if repl <= 0 {
		repl = 1
	}
	resp, err := adm.CreateTopic(ctx, parts, repl, nil, cfg.Topic)
	if err == nil {
		err = resp.Err
	}
	if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) { // another writer was first
		return fmt.Errorf("%s: creating topic %q (%d partitions, replication %d): %w", who, cfg.Topic, parts, repl, err)
	}
	return nil
}

// Produce queues one message for the sink's topic. key, value and the
// headers are copied; a nil key is no key and a nil value a tombstone.
// timestamp is in ms since the Unix epoch; 0 or less means now. When the
// client's buffer is full, Produce waits for room. A failed message is
// reported by the next Flush (and every later one).
func (s *Sink) Produce(key, value []byte, headers []Header, timestamp int64) {
	buf := make([]byte, len(key)+len(value))
	r := &kgo.Record{}
	if key != nil {
		r.Key = buf[:len(key):len(key)]
		copy(r.Key, key)
	}
	if value != nil {
		r.Value = buf[len(key):]
		copy(r.Value, value)
	}
	if len(headers) > 0 {
		r.Headers = make([]kgo.RecordHeader, len(headers))
		for i, h := range headers {
			r.Headers[i] = kgo.RecordHeader{Key: h.Key, Value: append([]byte(nil), h.Value...)}
		}
	}
	if timestamp > 0 {
		r.Timestamp = time.UnixMilli(timestamp)
	}
	s.cl.Produce(s.ctx, r, s.promise)
}

func (s *Sink) promise(_ *kgo.Record, err error) {
	s.acked.Add(1)
	if err == nil {
		return
	}
	if errors.Is(err, context.Canceled) && s.ctx.Err() != nil {
		err = errors.New("sink closed before the message was sent")
	}
	s.fail(err)
}

// Flush waits until every message queued so far is acknowledged (or has
// failed), then returns the first failure of the sink's life, if any:
// after one, the sink's output is incomplete, and the job must stop
// rather than commit its sources' offsets. When ctx ends first, Flush
// returns ctx's error. When no message has been acknowledged for the
// delivery timeout (DefaultDeliveryTimeout, 'delivery.timeout.ms'; 0
// disables it), the sink fails and Flush returns that.
func (s *Sink) Flush(ctx context.Context) error {
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(s.ctx, cancel)() // the sink failed or closed
	err := s.cl.Flush(fctx)
	if serr := s.Err(); serr != nil {
		return serr
	}
	if err != nil {
		return fmt.Errorf("%s: flush: %w", s.who, err)
	}
	return nil
}

// Err returns the first failure of the sink, without waiting.
func (s *Sink) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close flushes what is queued (waiting at most the delivery timeout),
// then closes the connections; it returns Flush's error.
func (s *Sink) Close() error {
	ctx := context.Background()
	if s.delTO > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.delTO+time.Second)
		defer cancel()
	}
	err := s.Flush(ctx)
	s.stop()
	s.cl.Close()
	return err
}
