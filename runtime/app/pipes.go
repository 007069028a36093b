package app

import (
	"fmt"
	"slices"
	"sync"

	"github.com/velocsql/veloc/runtime/stream"
)

// A pipe is a sink of one job that other jobs of the program read as a
// source: it becomes a stream.Stream in process instead of a round trip
// through a file or topic. The Stream is created on first use, because
// only the generated code knows its record type.
type pipe struct {
	name      string
	producers []string // jobs that write it
	consumers []string // jobs that read it, in Program.Jobs order

	s       any         // *stream.Stream[T], nil until first use
	close   func()      // s.Close, for one producer
	detach  func(i int) // s.Reader(i).Close
	closed  int         // producers that ended before s existed
	stopped []bool      // consumers that ended before s existed
}

// runState is what the jobs of one Run share.
type runState struct {
	mu    sync.Mutex
	pipes map[string]*pipe
}

func newRunState(jobs []JobDef) *runState {
	r := &runState{pipes: map[string]*pipe{}}
	writers := map[string][]string{}
	for _, j := range jobs {
		for _, s := range j.Sinks {
			writers[s] = append(writers[s], j.Name)
		}
	}
	for _, j := range jobs {
		for _, src := range j.Sources {
			w, ok := writers[src]
			if !ok || slices.Contains(w, j.Name) {
				continue
			}
			p := r.pipes[src]
			if p == nil {
				p = &pipe{name: src, producers: w}
				r.pipes[src] = p
			}
			if !slices.Contains(p.consumers, j.Name) {
				p.consumers = append(p.consumers, j.Name)
				p.stopped = append(p.stopped, false)
			}
		}
	}
	return r
}

// jobEnded closes the job's side of every pipe: the end of a producer is
// the end of its input for the consumers (Run cancels the context first
// when the job failed, so consumers do not mistake a failure for the end
// of input), and the end of a consumer frees the producers from waiting
// for it.
func (r *runState) jobEnded(job string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.pipes {
		if slices.Contains(p.producers, job) {
			if p.s != nil {
				p.close()
			} else {
				p.closed++
			}
		}
		if i := slices.Index(p.consumers, job); i >= 0 {
			if p.s != nil {
				p.detach(i)
			} else {
				p.stopped[i] = true
			}
		}
	}
}

// Output returns the in-process stream that env's job writes as its sink
// named sink, for a sink other jobs of the program read. Send whole
// batches to it (it copies them; see stream.Stream). Do not Close it:
// Run closes it when the job's Run function returns, which is what tells
// the readers that the input has ended.
//
// It panics if sink is not such a sink of the job or if the jobs disagree
// on the record type: both are bugs in the generated code.
func Output[T any](env *Env, sink string) *stream.Stream[T] {
	p := env.run.pipes[sink]
	if p == nil || !slices.Contains(p.producers, env.Job) {
		panic(fmt.Sprintf("app.Output: %q is not a sink of job %s read by another job", sink, env.Job))
	}
	return streamOf[T](env.run, p)
}

// Input returns env's job's reader of the in-process stream named source,
// the sink of an earlier job. Next returns false at the end of the input
// and when the context is cancelled; tell them apart with ctx.Err().
//
// It panics if source is not such a source of the job or if the jobs
// disagree on the record type.
func Input[T any](env *Env, source string) *stream.Reader[T] {
	p := env.run.pipes[source]
	i := -1
	if p != nil {
		i = slices.Index(p.consumers, env.Job)
	}
	if i < 0 {
		panic(fmt.Sprintf("app.Input: %q is not a source of job %s written by another job", source, env.Job))
	}
	return streamOf[T](env.run, p).Reader(i)
}

func streamOf[T any](r *runState, p *pipe) *stream.Stream[T] {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p.s == nil {
		s := stream.NewN[T](len(p.producers), len(p.consumers), 0)
		p.s, p.close, p.detach = s, s.Close, func(i int) { s.Reader(i).Close() }
		for range p.closed {
			s.Close()
		}
		for i, stopped := range p.stopped {
			if stopped {
				s.Reader(i).Close()
			}
		}
	}
	s, ok := p.s.(*stream.Stream[T])
	if !ok {
		var want T
		panic(fmt.Sprintf("stream %q is used with record types %T and %T", p.name, p.s, &want))
	}
	return s
}
