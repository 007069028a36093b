package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/velocsql/veloc/runtime/fileio"
)

// This file holds the dead-letter queues of '<job>.dlq' (runtime.md): a
// file, or a Kafka topic. The name says which: `kafka:NAME` is a topic
// and `file:PATH` a file; otherwise, for a job that reads or writes
// Kafka, a bare name (no '/', '\' or '.') is a topic, as a Kafka user
// writes it, and anything else is a file path.

// DeadLetterWriter writes dead-letter records to a Kafka topic, one
// message a record, returning once the broker has them.
type DeadLetterWriter interface {
	Write(line []byte) error
	Close() error
}

// deadLetters is an opened dead-letter queue, shared by the jobs that
// name it.
type deadLetters interface {
	write(line []byte) error
	close() error
}

// dlqFile is a dead-letter file (opening it once per job would make the
// jobs truncate each other).
type dlqFile struct {
	mu   sync.Mutex
	sink *fileio.Sink
}

func (d *dlqFile) write(line []byte) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, err := d.sink.Write(line)
	return err
}

func (d *dlqFile) close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sink.Close()
}

// dlqTopic is a dead-letter topic: one message a record, without the
// line's newline.
type dlqTopic struct {
	mu sync.Mutex
	w  DeadLetterWriter
}

func (d *dlqTopic) write(line []byte) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.w.Write(bytes.TrimSuffix(line, []byte("\n")))
}

func (d *dlqTopic) close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.w.Close()
}

// deadLetterTopic returns the topic a '<job>.dlq' value names, if it
// names one.
func deadLetterTopic(v string, kafkaJob bool) (string, bool) {
	switch {
	case strings.HasPrefix(v, "kafka:"):
		return strings.TrimPrefix(v, "kafka:"), true
	case strings.HasPrefix(v, "file:"):
		return "", false
	}
	return v, kafkaJob && v != "" && !strings.ContainsAny(v, `/\.`)
}

// openDLQs opens the dead-letter queue of every job whose policy is dlq
// (or whose late records go to it, 'late.data.strategy' = 'dead_letter'),
// before any job starts, so that an unwritable path or a missing topic
// fails at once rather than at the first bad record. Like file sinks
// (io.md) a file is truncated and its folders created, so it holds this
// run's error records only.
func openDLQs(ctx context.Context, p *Program, ps *props, brokers string) (map[string]deadLetters, error) {
	dlqs := map[string]deadLetters{}
	for _, j := range p.Jobs {
		// 'late.data.strategy' is unprefixed, one value for the program:
		// it opens the DLQ of the jobs that have one (the compiler asks
		// a job that dead-letters late rows to name it), not of others.
		late, _, _ := ps.set.Lookup("late.data.strategy")
		v := strings.TrimSpace(ps.set.Get(j.Name + keyDLQ))
		if ps.policy(j.Name) != PolicyDLQ && (late != "dead_letter" || v == "") {
			continue
		}
		if _, ok := dlqs[v]; ok {
			continue
		}
		if topic, ok := deadLetterTopic(v, j.KafkaBrokers != ""); ok {
			if p.DeadLetterTopic == nil {
				closeDLQs(dlqs)
				return nil, &JobError{Job: j.Name, Err: fmt.Errorf("dead-letter topic %s: this program does not use Kafka; name a file (file:%s)", topic, topic)}
			}
			b := brokers
			if j.KafkaBrokers != "" {
				b = FirstNonEmpty(ps.set.Get(j.KafkaBrokers), brokers)
			}
			w, err := p.DeadLetterTopic(ctx, FirstNonEmpty(b, "localhost:9092"), topic)
			if err != nil {
				closeDLQs(dlqs)
				return nil, &JobError{Job: j.Name, Err: fmt.Errorf("dead-letter topic: %w", err)}
			}
			dlqs[v] = &dlqTopic{w: w}
			continue
		}
		s, err := fileio.CreateSink(strings.TrimPrefix(v, "file:"), fileio.SinkOptions{})
		if err != nil {
			closeDLQs(dlqs)
			return nil, &JobError{Job: j.Name, Err: fmt.Errorf("dead-letter file: %w", err)}
		}
		dlqs[v] = &dlqFile{sink: s}
	}
	return dlqs, nil
}

func closeDLQs(dlqs map[string]deadLetters) error {
	var first error
	for _, d := range dlqs {
		if err := d.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// TopicOpener adapts the constructor of a concrete dead-letter writer
// (runtime/kafka.OpenDeadLetters) to Program.DeadLetterTopic.
func TopicOpener[W DeadLetterWriter](open func(ctx context.Context, brokers, topic string) (W, error)) func(context.Context, string, string) (DeadLetterWriter, error) {
	return func(ctx context.Context, brokers, topic string) (DeadLetterWriter, error) {
		w, err := open(ctx, brokers, topic)
		if err != nil {
			return nil, err
		}
		return w, nil
	}
}
