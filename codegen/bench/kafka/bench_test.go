package kafka

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/velocsql/veloc/codegen/bench/kafka/kafkapipe"
)

// benchTrades is the number of trades a throughput run reads; half pass
// the filter.
const benchTrades = 100_000

// broker starts an in-process broker with the benchmark's topics.
func broker(tb testing.TB) (addr string, stop func()) {
	tb.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(4, "trades_in", "big_trades"))
	if err != nil {
		tb.Fatal(err)
	}
	return c.ListenAddrs()[0], c.Close
}

// trade is trade i as about 200 bytes of JSON; price > 100 for odd i
// (or always, with pass).
func trade(i int, sentNs int64, pass bool) []byte {
	price := 50 + float64(i%2)*100 + float64(i%7)/4
	if pass {
		price = 150
	}
	return fmt.Appendf(nil, `{"order_id":%d,"symbol":"SYM%03d","side":"%s","price":%.2f,"quantity":%d,"venue":"XNAS","trader":"trader-%04d","sent_ns":%d,"note":"benchmark trade padded to two hundred bytes"}`,
		i, i%500, [2]string{"buy", "sell"}[i%2], price, 1+i%90, i%1000, sentNs)
}

// produceTrades writes n trades to trades_in and waits for the broker's
// acknowledgements.
func produceTrades(tb testing.TB, addr string, n int) {
	tb.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.DefaultProduceTopic("trades_in"), kgo.ProducerLinger(5*time.Millisecond))
	if err != nil {
		tb.Fatal(err)
	}
	defer cl.Close()
	ctx := context.Background()
	var mu sync.Mutex
	var first error
	for i := range n {
		cl.Produce(ctx, &kgo.Record{Value: trade(i, 0, false)}, func(_ *kgo.Record, err error) {
			if err != nil {
				mu.Lock()
				first = err
				mu.Unlock()
			}
		})
	}
	if err := cl.Flush(ctx); err != nil {
		tb.Fatal(err)
	}
	if first != nil {
		tb.Fatal(first)
	}
}

// consume reads big_trades from its start until n records have come,
// calling each with every record's value.
func consume(ctx context.Context, addr string, n int, each func(v []byte)) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics("big_trades"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		return err
	}
	defer cl.Close()
	for got := 0; got < n; {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return fmt.Errorf("read %d of %d output records: %w", got, n, ctx.Err())
		}
		fs.EachRecord(func(r *kgo.Record) {
			got++
			if each != nil {
				each(r.Value)
			}
		})
	}
	return nil
}

// pipeline runs one side of the benchmark until ctx is cancelled.
type pipeline func(ctx context.Context, addr string) error

// veloc runs the program veloc generated from kafka.sql.
func veloc(ctx context.Context, addr string) error {
	p, err := kafkapipe.New(kafkapipe.Config{
		Set:    map[string]string{"trades.bootstrap.servers": addr, "big_trades.bootstrap.servers": addr},
		Stdout: io.Discard, Stderr: io.Discard,
	})
	if err != nil {
		return err
	}
	return p.Run(ctx)
}

// handwritten is the baseline: the same query written by hand on
// franz-go and encoding/json, committing a batch's offsets once its
// output is acknowledged, as the generated program does.
func handwritten(ctx context.Context, addr string) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumerGroup("hand"), kgo.ConsumeTopics("trades_in"),
		kgo.DisableAutoCommit(), kgo.DefaultProduceTopic("big_trades"), kgo.ProducerLinger(5*time.Millisecond))
	if err != nil {
		return err
	}
	defer cl.Close()
	type in struct {
		OrderID  int64   `json:"order_id"`
		Symbol   string  `json:"symbol"`
		Side     string  `json:"side"`
		Price    float64 `json:"price"`
		Quantity int64   `json:"quantity"`
		SentNs   int64   `json:"sent_ns"`
	}
	type out struct {
		OrderID  int64   `json:"order_id"`
		Symbol   string  `json:"symbol"`
		Notional float64 `json:"notional"`
		Side     string  `json:"side"`
		SentNs   int64   `json:"sent_ns"`
	}
	for ctx.Err() == nil {
		fs := cl.PollFetches(ctx)
		var bad error
		fs.EachRecord(func(r *kgo.Record) {
			var t in
			if err := json.Unmarshal(r.Value, &t); err != nil {
				bad = err
				return
			}
			if t.Price <= 100 {
				return
			}
			v, _ := json.Marshal(out{t.OrderID, t.Symbol, t.Price * float64(t.Quantity), upper(t.Side), t.SentNs})
			cl.Produce(ctx, &kgo.Record{Value: v}, nil)
		})
		if bad != nil {
			return bad
		}
		if err := cl.Flush(ctx); err != nil {
			return nil // cancelled
		}
		cl.CommitUncommittedOffsets(ctx)
	}
	return nil
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// BenchmarkKafkaThroughput times reading benchTrades trades from a topic
// through each side to the moment the last output record is consumed.
func BenchmarkKafkaThroughput(b *testing.B) {
	for _, side := range []struct {
		name string
		run  pipeline
	}{{"generated", veloc}, {"handwritten", handwritten}} {
		b.Run(side.name, func(b *testing.B) {
			var elapsed time.Duration
			for range b.N {
				addr, stop := broker(b)
				produceTrades(b, addr, benchTrades)
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				start := time.Now()
				go func() { done <- side.run(ctx, addr) }()
				err := consume(ctx, addr, benchTrades/2, nil)
				elapsed += time.Since(start)
				cancel()
				if rerr := <-done; rerr != nil && err == nil {
					err = rerr
				}
				stop()
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(0, "ns/op")
			n := float64(b.N * benchTrades)
			b.ReportMetric(n/elapsed.Seconds(), "records/s")
			b.ReportMetric(float64(elapsed.Nanoseconds())/n, "ns/record")
		})
	}
}

// BenchmarkKafkaLatency offers trades at a fixed rate to each side and
// reports the p50 and p99 of the time from producing a trade to consuming
// its output (all of them pass the filter).
func BenchmarkKafkaLatency(b *testing.B) {
	const rate, seconds = 2000, 2 // trades per second, for this long
	for _, side := range []struct {
		name string
		run  pipeline
	}{{"generated", veloc}, {"handwritten", handwritten}} {
		b.Run(side.name, func(b *testing.B) {
			var lat []time.Duration
			for range b.N {
				lat = append(lat, latencyRun(b, side.run, rate, seconds)...)
			}
			slices.Sort(lat)
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(rate, "offered-records/s")
		})
	}
}

// latencyRun runs one side, waits until it answers, then offers rate
// trades a second for the given seconds and returns their latencies.
func latencyRun(b *testing.B, run pipeline, rate, seconds int) []time.Duration {
	addr, stop := broker(b)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, addr) }()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.DefaultProduceTopic("trades_in"))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	// A first trade, to know the side is reading (its group has joined).
	if err := cl.ProduceSync(ctx, &kgo.Record{Value: trade(0, 0, true)}).FirstErr(); err != nil {
		b.Fatal(err)
	}
	n := rate * seconds
	lat := make([]time.Duration, 0, n)
	read := make(chan error, 1)
	go func() {
		read <- consume(ctx, addr, n+1, func(v []byte) {
			var o struct {
				SentNs int64 `json:"sent_ns"`
			}
			if json.Unmarshal(v, &o) == nil && o.SentNs > 0 {
				lat = append(lat, time.Duration(time.Now().UnixNano()-o.SentNs))
			}
		})
	}()
	tick := time.NewTicker(time.Second / time.Duration(rate))
	for i := 1; i <= n; i++ {
		<-tick.C
		cl.Produce(ctx, &kgo.Record{Value: trade(i, time.Now().UnixNano(), true)}, nil)
	}
	tick.Stop()
	if err := <-read; err != nil {
		b.Fatal(err)
	}
	cancel()
	<-done
	if len(lat) != n {
		b.Fatalf("%d latencies for %d trades", len(lat), n)
	}
	return lat
}

// TestKafkaBenchmarkSides checks that both sides of the benchmark write
// the same records, so that they do the same work.
func TestKafkaBenchmarkSides(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a broker; skipped with -short")
	}
	const n = 200
	var outs [2][]string
	for k, run := range []pipeline{veloc, handwritten} {
		addr, stop := broker(t)
		produceTrades(t, addr, n)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		done := make(chan error, 1)
		go func() { done <- run(ctx, addr) }()
		err := consume(ctx, addr, n/2, func(v []byte) {
			var o map[string]any
			if err := json.Unmarshal(v, &o); err != nil {
				t.Errorf("%s: %v", v, err)
			}
			outs[k] = append(outs[k], fmt.Sprint(o["order_id"], o["symbol"], strconv.FormatFloat(o["notional"].(float64), 'f', 2, 64), o["side"]))
		})
		cancel()
		<-done
		stop()
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(outs[k])
	}
	if !slices.Equal(outs[0], outs[1]) {
		t.Errorf("the sides differ:\ngenerated %q\nhandwritten %q", outs[0][:5], outs[1][:5])
	}
}
