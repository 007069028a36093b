package fileio

import (
	"context"
	"errors"
	"io"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// ErrStop, returned by commit (or by work), stops Parallel cleanly: no
// more chunks are read, and Parallel returns nil. A job with LIMIT returns
// it once it has written its n rows.
//
// From commit, it stops after that commit. From work on chunk k, it acts
// like any other error of work (the results of chunks 0..k, k's included,
// are committed first) except that Parallel then returns nil.
var ErrStop = errors.New("fileio: stop")

// Parallel reads src's files (every file NextFile gives, in order) as
// chunks of whole records (see ChunkOptions) and runs work on them on
// `workers` goroutines, passing each result to commit on one goroutine at
// a time (the caller's), in Seq order. workers <= 0 means
// runtime.GOMAXPROCS(0); with workers == 1 (or GOMAXPROCS 1) everything
// runs on the calling goroutine, chunk after chunk, with no goroutine
// started. work is told which worker (0 .. workers-1) runs it, so that it
// can use per-worker buffers; c.Data is valid only until work returns, so
// its result must not point into it.
//
// At most 2*workers chunks are between reading and commit; reading waits
// while that many are. Chunks of a memory-mapped file (SourceOptions.Mmap)
// are views of the mapping, without copying; before moving on from a
// mapped file to the next one (which unmaps it), reading waits for the
// work on its chunks. A mapped file no bigger than one chunk is copied
// instead, so that a glob of small files does not wait at every file.
// Other files (gzip ones among them) are read through src.Read into
// buffers that are reused once work returns.
//
// Parallel stops, and returns once every goroutine it started has ended:
//   - at the end of the last file, after committing everything: nil;
//   - when work fails on chunk k: after committing the results of chunks
//     0..k, k's included (it holds what work made of the records before
//     the failing one, as a sequential reader would have written them),
//     and nothing after k: work's error (nil for ErrStop);
//   - when commit fails: at once, with commit's error (nil for ErrStop);
//   - on a read error (src.Read, or src.Err after NextFile): after
//     committing the chunks before it, including the whole records read
//     before it: that error;
//   - when ctx is done: no more chunks are read; the chunks read by then
//     (at most 2*workers) are worked on and committed: nil.
//
// A UTF-8 byte order mark at the start of a file is skipped. An empty
// file gives no chunk; with ChunkOptions.Header, so does a file holding
// only blank lines (no header), while a file with a header and no records
// gives one chunk with empty Data, so that the header can be checked.
// Without Header, blank lines are data like any other (they hold no
// records). Parallel does not Close src.
func Parallel[R any](ctx context.Context, src *Source, opts ChunkOptions, workers int,
	work func(worker int, c *Chunk) (R, error),
	commit func(r R) error) error {
	if err := opts.normalize(); err != nil {
		return err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	c := newChunker(src, opts, 2*workers+2)
	if workers == 1 {
		return sequential(ctx, c, work, commit)
	}
	return parallel(ctx, c, workers, work, commit)
}

// outcome decides, after chunk k's result has been committed, whether to
// stop and with what: werr is work's error for k, cerr commit's.
func outcome(werr, cerr error) (stop bool, err error) {
	if cerr == nil {
		cerr = werr
	}
	if cerr == nil {
		return false, nil
	}
	if errors.Is(cerr, ErrStop) {
		return true, nil
	}
	return true, cerr
}

func sequential[R any](ctx context.Context, c *chunker,
	work func(int, *Chunk) (R, error), commit func(R) error) error {
	for ctx.Err() == nil {
		ch, err := c.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		r, werr := work(0, ch)
		c.release(ch)
		if stop, err := outcome(werr, commit(r)); stop {
			return err
		}
	}
	return nil
}

// result is what a worker sends back for one chunk.
type result[R any] struct {
	seq     int
	r       R
	err     error
	skipped bool // not worked on (Parallel is stopping)
}

// slot of the reorder buffer.
type slot[R any] struct {
	state int // slotEmpty, slotDone, slotSkipped
	r     R
	err   error
}

const (
	slotEmpty = iota
	slotDone
	slotSkipped
)

func parallel[R any](ctx context.Context, c *chunker, workers int,
	work func(int, *Chunk) (R, error), commit func(R) error) error {
	window := 2 * workers
	var (
		jobs    = make(chan *Chunk, workers)
		results = make(chan result[R], window) // never blocks: one per window slot
		slots   = make(chan struct{}, window)  // chunks between reading and commit
		halt    = make(chan struct{})          // closed: stop reading
		once    sync.Once
		stop    = func() { once.Do(func() { close(halt) }) }
		errSeq  atomic.Int64 // lowest Seq whose work failed
		abort   atomic.Bool  // the committer has finished: skip all work
		mapped  sync.WaitGroup
		wg      sync.WaitGroup

		total   int   // chunks read, once prodEnd is closed
		prodErr error // the read error that stopped reading
		prodEnd = make(chan struct{})
	)
	errSeq.Store(math.MaxInt64)
	c.beforeNext = mapped.Wait

	// Reader.
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(prodEnd)
		defer close(jobs)
		for ctx.Err() == nil {
			select {
			case slots <- struct{}{}:
			case <-halt:
				return
			case <-ctx.Done():
				return
			}
			ch, err := c.next()
			if err != nil {
				<-slots
				if err != io.EOF {
					prodErr = err
				}
				return
			}
			if ch.mapped {
				mapped.Add(1)
			}
			jobs <- ch // workers take every job until jobs is closed
			total++
		}
	}()

	// Workers. They take every chunk, so that the reader never blocks
	// for good, and skip the work on those nobody will commit: after the
	// first failed chunk, or once the committer has finished.
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ch := range jobs {
				res := result[R]{seq: ch.Seq}
				if abort.Load() || int64(ch.Seq) > errSeq.Load() {
					res.skipped = true
				} else if res.r, res.err = work(w, ch); res.err != nil {
					for {
						old := errSeq.Load()
						if int64(ch.Seq) >= old || errSeq.CompareAndSwap(old, int64(ch.Seq)) {
							break
						}
					}
					stop()
				}
				c.release(ch)
				if ch.mapped {
					mapped.Done()
				}
				results <- res
			}
		}()
	}

	// Committer: the calling goroutine.
	ring := make([]slot[R], window)
	ended := prodEnd
	var err error
	for next, end := 0, -1; ; {
		if next == end {
			err = prodErr
			break
		}
		s := &ring[next%window]
		if s.state == slotSkipped {
			break
		}
		if s.state == slotDone {
			r, werr := s.r, s.err
			*s = slot[R]{}
			cerr := commit(r)
			<-slots
			next++
			if halt, e := outcome(werr, cerr); halt {
				err = e
				break
			}
			continue
		}
		select {
		case res := <-results:
			t := &ring[res.seq%window]
			t.r, t.err, t.state = res.r, res.err, slotDone
			if res.skipped {
				t.state = slotSkipped
			}
		case <-ended:
			end, ended = total, nil
		}
	}
	abort.Store(true)
	stop()
	wg.Wait()
	return err
}
