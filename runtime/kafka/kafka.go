// Package kafka holds the Kafka sources and sink of generated programs
// (io.md, "Kafka sources and sinks"; runtime.md, "Delivery and state"),
// on top of franz-go.
//
// A job's loop is Poll → decode and evaluate → Sink.Produce → (every so
// often, and at the end) Sink.Flush on every sink → Source.Commit: offsets
// are committed only for records whose outputs every sink acknowledged,
// which is at-least-once delivery.
//
// Kafka client properties from WITH (io.md: `acks`, `linger.ms`,
// `sasl.*`, ...) are passed in SourceConfig.Extra and SinkConfig.Extra;
// SourceProperties and SinkProperties list the keys understood, and
// CheckSourceProperties and CheckSinkProperties validate keys and values
// without connecting, so that the compiler can reject an unknown key.
package kafka

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Record is one consumed message. It and the slices it holds are valid
// until the next Poll.
type Record struct {
	Key       []byte // nil for no key
	Value     []byte // nil for a tombstone
	Headers   []Header
	Topic     string
	Partition int32
	Offset    int64
	Timestamp int64 // ms since the Unix epoch
}

// Header is one message header.
type Header struct {
	Key   string
	Value []byte
}

// DefaultBrokers is used when a source or sink has no brokers and there is
// no --brokers flag (io.md).
const DefaultBrokers = "localhost:9092"

// DefaultConnectTimeout is how long NewSource and NewSink try to reach
// the brokers when the config does not say.
const DefaultConnectTimeout = 10 * time.Second

// SplitBrokers turns a comma-separated list of host:port ('bootstrap.servers',
// --brokers) into the list the configs take, dropping blanks; "" gives
// [DefaultBrokers].
func SplitBrokers(s string) []string {
	var bs []string
	for b := range strings.SplitSeq(s, ",") {
		if b = strings.TrimSpace(b); b != "" {
			bs = append(bs, b)
		}
	}
	if len(bs) == 0 {
		bs = []string{DefaultBrokers}
	}
	return bs
}

// connect makes a client and pings the brokers until one answers or
// timeout has passed; who ("kafka source orders") prefixes errors.
func connect(ctx context.Context, who string, brokers []string, timeout time.Duration, opts []kgo.Opt) (*kgo.Client, error) {
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", who, err)
	}
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last error
	for {
		err := cl.Ping(pctx)
		if err == nil {
			return cl, nil
		}
		if !isContextErr(err) || last == nil {
			last = err
		}
		if pctx.Err() != nil {
			break
		}
		select {
		case <-pctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
		if pctx.Err() != nil {
			break
		}
	}
	cl.Close()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%s: %w", who, ctx.Err())
	}
	if isContextErr(last) {
		last = fmt.Errorf("no answer within %s", timeout)
	}
	return nil, fmt.Errorf("%s: cannot reach brokers %s: %w", who, strings.Join(brokers, ","), last)
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// brokersOr returns bs, or [DefaultBrokers] when it is empty.
func brokersOr(bs []string) []string {
	if len(bs) == 0 {
		return []string{DefaultBrokers}
	}
	return bs
}

// connectOpts are the options every client gets.
func connectOpts(brokers []string, timeout time.Duration) []kgo.Opt {
	opts := []kgo.Opt{kgo.SeedBrokers(brokers...)}
	if timeout < DefaultConnectTimeout {
		opts = append(opts, kgo.DialTimeout(timeout))
	}
	return opts
}
