package kafka

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

func newCluster(t *testing.T, opts ...kfake.Opt) []string {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.Ports(0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// produce writes n messages key-i / value-i with a header h=i through a
// Sink, plus one with no key and no value.
func produce(t *testing.T, ctx context.Context, brokers []string, topic string, from, n int) {
	t.Helper()
	s, err := NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: topic, ConnectTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	key, val := []byte("k"), []byte("v")
	for i := from; i < from+n; i++ {
		key = fmt.Appendf(key[:0], "key-%d", i) // reused: Produce must copy
		val = fmt.Appendf(val[:0], "value-%d", i)
		s.Produce(key, val, []Header{{Key: "h", Value: fmt.Appendf(nil, "%d", i)}, {Key: "x", Value: nil}}, int64(1_700_000_000_000+i))
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// readAll polls a bounded source until done.
func readAll(t *testing.T, ctx context.Context, src *Source) []Record {
	t.Helper()
	var all []Record
	for {
		recs, done, err := src.Poll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if done {
			if len(recs) != 0 {
				t.Fatalf("done with %d records", len(recs))
			}
			return all
		}
		for _, r := range recs { // deep copy: records die at the next Poll
			r.Key = clone(r.Key)
			r.Value = clone(r.Value)
			hs := make([]Header, len(r.Headers))
			for i, h := range r.Headers {
				hs[i] = Header{h.Key, clone(h.Value)}
			}
			r.Headers = hs
			all = append(all, r)
		}
	}
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

func TestRoundTripBounded(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(3, "orders"))
	const n = 500
	produce(t, ctx, brokers, "orders", 0, n)

	// A tombstone with no key, written with a raw client.
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "orders"}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	cl.Close()

	for _, group := range []string{"", "g1"} {
		t.Run("group="+group, func(t *testing.T) {
			src, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "orders", Group: group, Bounded: true})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			recs := readAll(t, ctx, src)
			if len(recs) != n+1 {
				t.Fatalf("got %d records, want %d", len(recs), n+1)
			}
			seen := map[string]bool{}
			tombstones := 0
			for _, r := range recs {
				if r.Topic != "orders" || r.Partition < 0 || r.Partition > 2 || r.Offset < 0 {
					t.Fatalf("bad record %+v", r)
				}
				if r.Value == nil {
					tombstones++
					if r.Key != nil || len(r.Headers) != 0 {
						t.Fatalf("tombstone %+v", r)
					}
					continue
				}
				var i int
				if _, err := fmt.Sscanf(string(r.Value), "value-%d", &i); err != nil {
					t.Fatal(err)
				}
				if string(r.Key) != fmt.Sprintf("key-%d", i) {
					t.Fatalf("record %d: key %q", i, r.Key)
				}
				if len(r.Headers) != 2 || r.Headers[0].Key != "h" || string(r.Headers[0].Value) != fmt.Sprint(i) ||
					r.Headers[1].Key != "x" || len(r.Headers[1].Value) != 0 {
					t.Fatalf("record %d: headers %+v", i, r.Headers)
				}
				if r.Timestamp != int64(1_700_000_000_000+i) {
					t.Fatalf("record %d: timestamp %d", i, r.Timestamp)
				}
				seen[string(r.Value)] = true
			}
			if len(seen) != n || tombstones != 1 {
				t.Fatalf("%d distinct values, %d tombstones", len(seen), tombstones)
			}
			// Done stays done.
			if _, done, err := src.Poll(ctx); !done || err != nil {
				t.Fatalf("second poll after done: %v %v", done, err)
			}
		})
	}
}

func TestBoundedEmptyTopic(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(2, "empty"))
	for _, group := range []string{"", "g"} {
		src, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "empty", Group: group, Bounded: true})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		recs, done, err := src.Poll(ctx)
		if err != nil || !done || len(recs) != 0 {
			t.Fatalf("group %q: got %d records, done=%v, err=%v", group, len(recs), done, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("group %q: done after %s", group, d)
		}
		src.Close()
	}
}

func TestBoundedIgnoresLaterRecords(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(1, "t"))
	produce(t, ctx, brokers, "t", 0, 10)
	src, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "t", Bounded: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	produce(t, ctx, brokers, "t", 10, 10) // after the start: not read
	if recs := readAll(t, ctx, src); len(recs) != 10 {
		t.Fatalf("got %d records, want 10", len(recs))
	}
}

func TestAtLeastOnceCommit(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(1, "events"))
	const n = 100
	produce(t, ctx, brokers, "events", 0, n)

	// First run: read one fetch's worth (at most 30 records), commit, and
	// read a little more without committing.
	cfg := SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "events", Group: "job", Bounded: true,
		Extra: map[string]string{"max.poll.records": "30"}}
	src, err := NewSource(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	recs, done, err := src.Poll(ctx)
	if err != nil || done || len(recs) == 0 {
		t.Fatalf("first poll: %d records, done=%v, err=%v", len(recs), done, err)
	}
	committed := recs[len(recs)-1].Offset + 1
	if err := src.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if recs, _, err = src.Poll(ctx); err != nil || len(recs) == 0 { // processed, never committed
		t.Fatalf("second poll: %d records, err=%v", len(recs), err)
	}
	src.Close()

	// Second run, same group: the uncommitted rest only.
	src, err = NewSource(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	rest := readAll(t, ctx, src)
	if int64(len(rest)) != n-committed || rest[0].Offset != committed {
		t.Fatalf("second run: %d records from offset %d, want %d from %d", len(rest), rest[0].Offset, n-committed, committed)
	}
	if err := src.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	src.Close()

	// Third run: everything committed, so done at once.
	src, err = NewSource(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if recs := readAll(t, ctx, src); len(recs) != 0 {
		t.Fatalf("third run: %d records", len(recs))
	}
	src.Close()

	// The group's committed offset is the end.
	adm, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	offs, err := kadm.NewClient(adm).FetchOffsets(ctx, "job")
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := offs.Lookup("events", 0); o.At != n {
		t.Fatalf("committed offset %d, want %d", o.At, n)
	}
}

func TestUnboundedPollStopsOnCancel(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(1, "t"))
	produce(t, ctx, brokers, "t", 0, 5)
	src, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "t", Group: "g"})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	got := 0
	for got < 5 {
		recs, done, err := src.Poll(ctx)
		if err != nil || done {
			t.Fatalf("poll: done=%v err=%v", done, err)
		}
		got += len(recs)
	}
	pctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if recs, done, err := src.Poll(pctx); !done || err != nil || len(recs) != 0 {
		t.Fatalf("poll after cancel: %d records, done=%v, err=%v", len(recs), done, err)
	}
}

func TestUnreachableBroker(t *testing.T) {
	ctx := testCtx(t)
	start := time.Now()
	_, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Name: "orders", Brokers: []string{"127.0.0.1:1"}, Topic: "orders",
		ConnectTimeout: 500 * time.Millisecond})
	if err == nil || !strings.HasPrefix(err.Error(), "kafka source orders: cannot reach brokers 127.0.0.1:1: ") {
		t.Fatalf("error %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("failed after %s", d)
	}
	_, err = NewSink(ctx, SinkConfig{Idempotent: true, Name: "out", Brokers: []string{"127.0.0.1:1"}, Topic: "out",
		ConnectTimeout: 500 * time.Millisecond})
	if err == nil || !strings.HasPrefix(err.Error(), "kafka sink out: cannot reach brokers 127.0.0.1:1: ") {
		t.Fatalf("error %v", err)
	}
}

func TestMissingTopic(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t)
	_, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "nope"})
	if err == nil || !strings.Contains(err.Error(), `topic "nope" does not exist`) {
		t.Fatalf("source: %v", err)
	}
	_, err = NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "nope"})
	if err == nil || !strings.Contains(err.Error(), `topic "nope" does not exist`) || !strings.Contains(err.Error(), "auto.create") {
		t.Fatalf("sink: %v", err)
	}
}

func TestAutoCreate(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t)
	s, err := NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "created", AutoCreate: true, Partitions: 4})
	if err != nil {
		t.Fatal(err)
	}
	s.Produce(nil, []byte("x"), nil, 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	topics, err := kadm.NewClient(cl).ListTopics(ctx, "created")
	if err != nil {
		t.Fatal(err)
	}
	if !topics.Has("created") || len(topics["created"].Partitions) != 4 {
		t.Fatalf("topic: %+v", topics["created"])
	}
	// A second sink finds it.
	s, err = NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "created", AutoCreate: true, Partitions: 4})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestProperties(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(1, "t"))
	_, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "t", Extra: map[string]string{"fetch.max.bytez": "1"}})
	if err == nil || !strings.Contains(err.Error(), `"fetch.max.bytez"`) {
		t.Fatalf("source: %v", err)
	}
	_, err = NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "t", Extra: map[string]string{"linger.ms": "soon"}})
	if err == nil || !strings.Contains(err.Error(), `"linger.ms"`) {
		t.Fatalf("sink: %v", err)
	}
	_, err = NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "t", Extra: map[string]string{"isolation.level": "read_committed"}})
	if err == nil || !strings.Contains(err.Error(), `unknown Kafka client property "isolation.level" for a sink`) {
		t.Fatalf("sink: %v", err)
	}
	_, err = NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "t", DeliveryProfile: "fast"})
	if err == nil || !strings.Contains(err.Error(), `"fast"`) {
		t.Fatalf("sink: %v", err)
	}
	if err := CheckSinkProperties(map[string]string{"acks": "1", "compression.type": "zstd", "linger.ms": "20"}); err != nil {
		t.Fatal(err)
	}
	if err := CheckSourceProperties(map[string]string{"sasl.mechanism": "PLAIN"}); err == nil {
		t.Fatal("SASL without credentials accepted")
	}
	for _, p := range []string{"high_throughput", "low_latency", "durable"} {
		s, err := NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "t", DeliveryProfile: p,
			Extra: map[string]string{"client.id": "x"}})
		if err != nil {
			t.Fatal(err)
		}
		s.Produce([]byte("k"), []byte("v"), nil, 0)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "t", Extra: map[string]string{"acks": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Produce(nil, []byte("v"), nil, 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	src, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "t", Bounded: true,
		Extra: map[string]string{"isolation.level": "read_committed", "auto.offset.reset": "earliest"}})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if recs := readAll(t, ctx, src); len(recs) != 4 {
		t.Fatalf("read %d records, want 4", len(recs))
	}
}

func TestTransactionalInputBounded(t *testing.T) {
	// The last offset of a transactional topic is a commit marker, which
	// a bounded source must count as reaching the end.
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(1, "tx"))
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID("w"), kgo.DefaultProduceTopic("tx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := cl.ProduceSync(ctx, &kgo.Record{Value: fmt.Appendf(nil, "%d", i)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	if err := cl.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	cl.Close()
	for _, iso := range []string{"read_uncommitted", "read_committed"} {
		src, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "tx", Bounded: true, Group: "g-" + iso,
			Extra: map[string]string{"isolation.level": iso}})
		if err != nil {
			t.Fatal(err)
		}
		if recs := readAll(t, ctx, src); len(recs) != 3 {
			t.Fatalf("%s: read %d records, want 3", iso, len(recs))
		}
		if err := src.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		src.Close()
	}
}

func TestSplitBrokers(t *testing.T) {
	if got := SplitBrokers(" a:1, b:2 ,,"); len(got) != 2 || got[0] != "a:1" || got[1] != "b:2" {
		t.Fatalf("got %q", got)
	}
	if got := SplitBrokers(""); len(got) != 1 || got[0] != DefaultBrokers {
		t.Fatalf("got %q", got)
	}
}

func TestSinkFailsWhenBrokersGo(t *testing.T) {
	ctx := testCtx(t)
	c, err := kfake.NewCluster(kfake.Ports(0), kfake.SeedTopics(1, "t"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSink(ctx, SinkConfig{Idempotent: true, Name: "out", Brokers: c.ListenAddrs(), Topic: "t",
		Extra: map[string]string{"delivery.timeout.ms": "300"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Produce(nil, []byte("before"), nil, 0)
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	c.Close()
	start := time.Now()
	s.Produce(nil, []byte("after"), nil, 1) // an old timestamp must not time it out by itself
	err = s.Flush(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), `kafka sink out: writing to topic "t": `) {
		t.Fatalf("flush: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("failed after %s", d)
	}
	if err := s.Close(); err == nil {
		t.Fatal("close after a failure: no error")
	}
}

func TestOldTimestamps(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(1, "t"))
	s, err := NewSink(ctx, SinkConfig{Idempotent: true, Brokers: brokers, Topic: "t"})
	if err != nil {
		t.Fatal(err)
	}
	s.Produce(nil, []byte("v"), nil, 86_400_000) // 1970-01-02
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	src, err := NewSource(ctx, SourceConfig{StartFromEarliest: true, Brokers: brokers, Topic: "t", Bounded: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if recs := readAll(t, ctx, src); len(recs) != 1 || recs[0].Timestamp != 86_400_000 {
		t.Fatalf("records %+v", recs)
	}
}

func TestBoundedLatestReadsNothing(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(2, "t"))
	produce(t, ctx, brokers, "t", 0, 10)
	src, err := NewSource(ctx, SourceConfig{Brokers: brokers, Topic: "t", Bounded: true}) // StartFromEarliest unset: latest
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if recs := readAll(t, ctx, src); len(recs) != 0 {
		t.Fatalf("read %d records", len(recs))
	}
}
