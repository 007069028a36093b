package kafka

import (
	"context"
)

// DeadLetters is a job's dead-letter topic (runtime.md '<job>.dlq'
// naming a topic): each error record is one message, acknowledged before
// Write returns. Error records are rare, and one must not be lost because
// the program stopped while it waited in a batch.
type DeadLetters struct {
	sink *Sink
}

// OpenDeadLetters connects to brokers (comma-separated) and checks that
// the topic exists.
func OpenDeadLetters(ctx context.Context, brokers, topic string) (*DeadLetters, error) {
	s, err := NewSink(ctx, SinkConfig{Name: "dead-letter topic " + topic, Brokers: SplitBrokers(brokers), Topic: topic, Idempotent: true})
	if err != nil {
		return nil, err
	}
	return &DeadLetters{sink: s}, nil
}

// Write produces one record and waits for the broker's acknowledgement.
// It does not keep line.
func (d *DeadLetters) Write(line []byte) error {
	d.sink.Produce(nil, line, nil, 0)
	// Not the job's context: a record in flight when the program is
	// stopped is still written.
	ctx, cancel := context.WithTimeout(context.Background(), DefaultDeliveryTimeout)
	defer cancel()
	if err := d.sink.Flush(ctx); err != nil {
		return err
	}
	return d.sink.Err()
}

// Close flushes and closes the producer.
func (d *DeadLetters) Close() error { return d.sink.Close() }
