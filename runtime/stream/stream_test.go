package stream

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type rec struct {
	ID   int64
	Name string
}

// produce sends n records in batches of size, reusing one slice, then
// closes the stream.
func produce(t *testing.T, ctx context.Context, s *Stream[rec], n, size int) {
	t.Helper()
	batch := make([]rec, 0, size)
	for i := range n {
		batch = append(batch, rec{ID: int64(i), Name: "r"})
		if len(batch) == size {
			if err := s.Send(ctx, batch); err != nil {
				t.Errorf("Send: %v", err)
				return
			}
			batch = batch[:0] // the stream copied it
		}
	}
	if err := s.Send(ctx, batch); err != nil {
		t.Errorf("Send: %v", err)
	}
	s.Close()
}

// consume reads a Reader to its end and returns the IDs seen.
func consume(ctx context.Context, r *Reader[rec]) []int64 {
	var ids []int64
	for {
		b, ok := r.Next(ctx)
		if !ok {
			return ids
		}
		for _, x := range b {
			ids = append(ids, x.ID)
		}
	}
}

func TestFanOut(t *testing.T) {
	tests := []struct {
		name             string
		consumers, n     int
		batchSize, depth int
	}{
		{"two consumers", 2, 10000, BatchSize, 0},
		{"one consumer, depth 1", 1, 5000, 7, 1},
		{"three consumers, tiny batches", 3, 1000, 1, 2},
		{"empty input", 2, 0, 16, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := NewN[rec](1, tt.consumers, tt.depth)
			got := make([][]int64, tt.consumers)
			var wg sync.WaitGroup
			for i := range tt.consumers {
				wg.Go(func() { got[i] = consume(ctx, s.Reader(i)) })
			}
			produce(t, ctx, s, tt.n, tt.batchSize)
			wg.Wait()
			for i, ids := range got {
				if len(ids) != tt.n {
					t.Fatalf("consumer %d got %d records, want %d", i, len(ids), tt.n)
				}
				for j, id := range ids {
					if id != int64(j) {
						t.Fatalf("consumer %d: record %d has ID %d (out of order or corrupted)", i, j, id)
					}
				}
			}
		})
	}
}

func TestBackpressureAndCancel(t *testing.T) {
	s := NewN[rec](1, 1, 1)
	ctx, cancel := context.WithCancel(context.Background())
	one := []rec{{ID: 1}}
	if err := s.Send(ctx, one); err != nil { // fills the buffer of depth 1
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- s.Send(ctx, one) }()
	select {
	case err := <-done:
		t.Fatalf("Send on a full buffer returned %v; want it to block", err)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Send after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling did not unblock Send")
	}
}

func TestNextUnblocksOnCancel(t *testing.T) {
	s := New[rec](1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan bool)
	go func() {
		_, ok := s.Reader(0).Next(ctx)
		done <- ok
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case ok := <-done:
		if ok {
			t.Fatal("Next returned a batch from an empty stream")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling did not unblock Next")
	}
}

func TestCloseDeliversBufferedBatches(t *testing.T) {
	ctx := context.Background()
	s := New[rec](1)
	for i := range 3 {
		if err := s.Send(ctx, []rec{{ID: int64(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s.Close() // extra Close is harmless
	if got := consume(ctx, s.Reader(0)); len(got) != 3 {
		t.Fatalf("after Close got %v, want the 3 buffered records", got)
	}
	if err := s.Send(ctx, []rec{{}}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close = %v, want ErrClosed", err)
	}
}

func TestClosedReaderDoesNotBlockProducer(t *testing.T) {
	ctx := context.Background()
	s := NewN[rec](1, 2, 1)
	s.Reader(1).Close() // consumer 1 stops early (its job ended)
	var ids []int64
	done := make(chan struct{})
	go func() { ids = consume(ctx, s.Reader(0)); close(done) }()
	produce(t, ctx, s, 100, 3)
	<-done
	if len(ids) != 100 {
		t.Fatalf("live consumer got %d records, want 100", len(ids))
	}
	if _, ok := s.Reader(1).Next(ctx); ok {
		t.Fatal("Next on a closed Reader returned a batch")
	}
}

func TestSeveralProducers(t *testing.T) {
	ctx := context.Background()
	s := NewN[rec](2, 1, 0)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { produce(t, ctx, s, 500, 10) })
	}
	got := consume(ctx, s.Reader(0))
	wg.Wait()
	if len(got) != 1000 {
		t.Fatalf("got %d records from two producers, want 1000", len(got))
	}
}

func TestNoConsumers(t *testing.T) {
	s := New[rec](0)
	if err := s.Send(context.Background(), []rec{{ID: 1}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestSteadyStateDoesNotAllocate(t *testing.T) {
	ctx := context.Background()
	s := NewN[rec](1, 2, 2)
	batch := make([]rec, BatchSize)
	r0, r1 := s.Reader(0), s.Reader(1)
	step := func() {
		if err := s.Send(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if _, ok := r0.Next(ctx); !ok {
			t.Fatal("no batch")
		}
		if _, ok := r1.Next(ctx); !ok {
			t.Fatal("no batch")
		}
	}
	for range 10 {
		step() // warm the free list
	}
	if n := testing.AllocsPerRun(100, step); n != 0 {
		t.Fatalf("Send+Next allocates %v times per batch, want 0", n)
	}
}

func BenchmarkSendNext(b *testing.B) {
	ctx := context.Background()
	s := New[rec](1)
	batch := make([]rec, BatchSize)
	done := make(chan struct{})
	go func() {
		r := s.Reader(0)
		for {
			if _, ok := r.Next(ctx); !ok {
				close(done)
				return
			}
		}
	}()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Send(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	<-done
	b.ReportMetric(float64(b.N*BatchSize)/b.Elapsed().Seconds(), "records/s")
}
