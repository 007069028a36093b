package stream

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// BatchSize is the number of records a producer should collect before
// calling Send: large enough that the per-batch synchronisation is
// negligible per record, small enough that a batch stays in cache.
const BatchSize = 1024

// DefaultDepth is the number of batches buffered between the producer and
// each consumer when NewN is given a depth of 0. A few batches absorb
// jitter between the two sides; more would only use memory.
const DefaultDepth = 4

// ErrClosed is returned by Send after every producer has called Close.
var ErrClosed = errors.New("stream: send after close")

// batch is one buffer of records, shared read-only by every consumer it is
// delivered to. refs counts the consumers that still hold it; the last one
// to let go puts it back in the free list for Send to reuse.
type batch[T any] struct {
	data []T
	refs atomic.Int32
}

// Stream carries batches of T from one or more producers to a fixed set of
// consumers, each of which receives every batch.
//
// Send copies the records into a buffer owned by the stream, so the
// producer may reuse its slice as soon as Send returns (the usual
// `batch = batch[:0]`). The copy is shallow: T's strings are shared, which
// is safe as strings are immutable, but T must not hold slices or pointers
// into memory the producer overwrites (a reused read buffer, say); generated
// record structs hold strings for that reason.
//
// Send may be called from several goroutines; each Reader belongs to one
// consumer goroutine.
type Stream[T any] struct {
	readers   []*Reader[T]
	free      chan *batch[T] // recycled buffers; never blocks either way
	mu        sync.Mutex
	producers int // producers that have not called Close yet
	closed    atomic.Bool
}

// New returns a Stream with one producer and the given number of
// consumers, buffering DefaultDepth batches per consumer.
func New[T any](consumers int) *Stream[T] { return NewN[T](1, consumers, 0) }

// NewN returns a Stream fed by the given number of producers (several
// INSERT INTO statements may write one stream), read by the given number
// of consumers, buffering depth batches per consumer (0 means
// DefaultDepth). The consumers see end of input once every producer has
// called Close.
func NewN[T any](producers, consumers, depth int) *Stream[T] {
	if producers < 1 || consumers < 0 {
		panic("stream: NewN needs at least one producer and no negative consumer count")
	}
	if depth <= 0 {
		depth = DefaultDepth
	}
	s := &Stream[T]{
		producers: producers,
		// Every buffer in circulation fits: depth queued plus one being
		// read per consumer, plus one being filled per producer.
		free: make(chan *batch[T], consumers*(depth+1)+producers),
	}
	s.readers = make([]*Reader[T], consumers)
	for i := range s.readers {
		s.readers[i] = &Reader[T]{s: s, ch: make(chan *batch[T], depth), detached: make(chan struct{})}
	}
	return s
}

// Consumers returns the number of consumers.
func (s *Stream[T]) Consumers() int { return len(s.readers) }

// Send delivers a copy of records to every consumer that has not closed its
// Reader. It blocks while a consumer's buffer is full, and returns
// ctx.Err() if ctx is done first; in that case some consumers may have
// received the batch and others not, which does not matter because the
// program is stopping. An empty batch is not sent. Send after the last
// Close returns ErrClosed.
func (s *Stream[T]) Send(ctx context.Context, records []T) error {
	if len(records) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.closed.Load() {
		return ErrClosed
	}
	b := s.get()
	b.data = append(b.data[:0], records...)
	b.refs.Store(int32(len(s.readers)))
	if len(s.readers) == 0 {
		s.put(b)
		return nil
	}
	for i, r := range s.readers {
		select {
		case <-r.detached: // checked first so that a gone consumer is never sent to
			s.release(b)
			continue
		default:
		}
		select {
		case r.ch <- b:
		case <-r.detached:
			s.release(b)
		case <-ctx.Done():
			for range s.readers[i:] {
				s.release(b)
			}
			return ctx.Err()
		}
	}
	return nil
}

// Close ends the input of one producer. When every producer has closed,
// each consumer's Next returns the batches still buffered and then false.
// Calls beyond the number of producers do nothing. A producer must not
// Send after its Close.
func (s *Stream[T]) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.producers == 0 {
		return
	}
	s.producers--
	if s.producers > 0 {
		return
	}
	s.closed.Store(true)
	for _, r := range s.readers {
		close(r.ch)
	}
}

// get returns a recycled buffer, or a new one when none is free.
func (s *Stream[T]) get() *batch[T] {
	select {
	case b := <-s.free:
		return b
	default:
		return new(batch[T])
	}
}

// put returns a buffer to the free list; if the list is full (it cannot
// be, by its size, but a leak is better than a deadlock) the buffer is
// left to the garbage collector.
func (s *Stream[T]) put(b *batch[T]) {
	select {
	case s.free <- b:
	default:
	}
}

// release drops one consumer's hold on b.
func (s *Stream[T]) release(b *batch[T]) {
	if b.refs.Add(-1) == 0 {
		s.put(b)
	}
}

// Reader is one consumer's end of a Stream. It is not safe for concurrent
// use: one goroutine calls Next until it returns false, or calls Close to
// stop early.
type Reader[T any] struct {
	s        *Stream[T]
	ch       chan *batch[T]
	detached chan struct{} // closed by Close: the producer skips this reader
	once     sync.Once
	cur      *batch[T] // the batch Next last returned
}

// Reader returns consumer i's Reader, 0 <= i < Consumers(). Each consumer
// must use its own index.
func (s *Stream[T]) Reader(i int) *Reader[T] { return s.readers[i] }

// Next returns the next batch. The slice is shared with the other
// consumers and stays valid until the next call to Next or Close: read it,
// do not modify it or keep it. Next returns false at end of input (every
// producer closed and every batch read), when ctx is done, or after Close;
// a consumer tells a stop from the end of input by ctx.Err(), which matters
// because only the end of input closes open windows (runtime.md).
func (r *Reader[T]) Next(ctx context.Context) ([]T, bool) {
	if r.cur != nil {
		r.s.release(r.cur)
		r.cur = nil
	}
	if ctx.Err() != nil {
		return nil, false
	}
	select {
	case <-r.detached:
		return nil, false
	default:
	}
	select {
	case b, ok := <-r.ch:
		if !ok {
			return nil, false
		}
		r.cur = b
		return b.data, true
	case <-ctx.Done():
		return nil, false
	}
}

// Close detaches the consumer: the producer no longer waits for it or sends
// to it, and batches already buffered for it are released. A consumer that
// stops before the end of input must Close its Reader, or the producer
// would block on it forever once its buffer fills. Close may be called more
// than once.
func (r *Reader[T]) Close() {
	r.once.Do(func() { close(r.detached) })
	if r.cur != nil {
		r.s.release(r.cur)
		r.cur = nil
	}
	for {
		select {
		case b, ok := <-r.ch:
			if !ok {
				return
			}
			r.s.release(b)
		default:
			return
		}
	}
}
