package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

type row struct {
	ID   int64
	Name string
}

var quiet = slog.New(slog.DiscardHandler)

// pipeline is a program of three jobs: gen writes "nums" in process, and
// two jobs read it: evens writes to stdout, total sums the IDs.
func pipeline(n int, sums *sync.Map) *Program {
	gen := func(ctx context.Context, env *Env) error {
		out := Output[row](env, "nums")
		cnt := env.Out("nums")
		batch := make([]row, 0, 100)
		for i := range n {
			batch = append(batch, row{ID: int64(i), Name: "n"})
			if len(batch) == cap(batch) || i == n-1 {
				if err := out.Send(ctx, batch); err != nil {
					return err
				}
				cnt.Add(len(batch))
				batch = batch[:0]
			}
		}
		return nil
	}
	evens := func(ctx context.Context, env *Env) error {
		in := Input[row](env, "nums")
		var buf []byte
		for {
			b, ok := in.Next(ctx)
			if !ok {
				return nil
			}
			env.In("nums").Add(len(b))
			buf = buf[:0]
			for _, r := range b {
				if r.ID%2 == 0 {
					buf = fmt.Appendf(buf, "%d\n", r.ID)
					env.Out("stdout").Add(1)
				}
			}
			if _, err := env.Stdout.Write(buf); err != nil {
				return err
			}
		}
	}
	total := func(ctx context.Context, env *Env) error {
		in := Input[row](env, "nums")
		var s int64
		for {
			b, ok := in.Next(ctx)
			if !ok {
				if ctx.Err() == nil { // end of input, not a stop
					sums.Store(env.Job, s)
				}
				return nil
			}
			for _, r := range b {
				s += r.ID
			}
		}
	}
	return &Program{Jobs: []JobDef{
		{Name: "gen", Sinks: []string{"nums"}, Run: gen},
		{Name: "evens", Sources: []string{"nums"}, Sinks: []string{"stdout"}, Run: evens},
		{Name: "total", Sources: []string{"nums"}, Run: total},
	}}
}

func TestInProcessStream(t *testing.T) {
	var sums sync.Map
	var stdout bytes.Buffer
	counts := map[string]Counts{}
	var mu sync.Mutex
	err := Run(context.Background(), pipeline(1000, &sums), Options{Stdout: &stdout, Logger: quiet,
		JobDone: func(job string, c Counts, err error) { mu.Lock(); counts[job] = c; mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := sums.Load("total"); s != int64(999*1000/2) {
		t.Errorf("total = %v, want %d", s, 999*1000/2)
	}
	if n := strings.Count(stdout.String(), "\n"); n != 500 {
		t.Errorf("evens wrote %d lines, want 500", n)
	}
	if counts["gen"].Out["nums"] != 1000 || counts["evens"].In["nums"] != 1000 || counts["evens"].Out["stdout"] != 500 {
		t.Errorf("counts = %+v", counts)
	}
}

// A producer that ends before its consumers ask for the stream, and a
// consumer that ends before the producer sends, must not hang anyone.
func TestStreamEndsEarly(t *testing.T) {
	t.Run("producer first", func(t *testing.T) {
		ended := make(chan struct{})
		p := &Program{Jobs: []JobDef{
			{Name: "a", Sinks: []string{"s"}, Run: func(context.Context, *Env) error { close(ended); return nil }},
			{Name: "b", Sources: []string{"s"}, Run: func(ctx context.Context, env *Env) error {
				<-ended
				time.Sleep(10 * time.Millisecond) // let Run record a's end
				if _, ok := Input[row](env, "s").Next(ctx); ok {
					return errors.New("got a batch from a producer that sent none")
				}
				return nil
			}},
		}}
		if err := runWithin(t, p, Options{Logger: quiet}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("consumer first", func(t *testing.T) {
		p := &Program{Jobs: []JobDef{
			{Name: "a", Sinks: []string{"s"}, Run: func(ctx context.Context, env *Env) error {
				time.Sleep(10 * time.Millisecond) // let b end first
				out := Output[row](env, "s")
				for range 100 { // far more than the buffer holds
					if err := out.Send(ctx, []row{{ID: 1}}); err != nil {
						return err
					}
				}
				return nil
			}},
			{Name: "b", Sources: []string{"s"}, Run: func(context.Context, *Env) error { return nil }},
		}}
		if err := runWithin(t, p, Options{Logger: quiet}); err != nil {
			t.Fatal(err)
		}
	})
}

// runWithin runs p, failing the test if it does not end within 5 seconds.
func runWithin(t *testing.T, p *Program, opts Options) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), p, opts) }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

// blockedProgram has a job blocked reading a stream whose producer never
// sends: only cancellation ends it.
func blockedProgram(started chan<- string) *Program {
	return &Program{Jobs: []JobDef{
		{Name: "src", Sinks: []string{"s"}, Run: func(ctx context.Context, env *Env) error {
			Output[row](env, "s")
			started <- env.Job
			<-ctx.Done()
			return ctx.Err() // a stop, whichever way the job reports it
		}},
		{Name: "reader", Sources: []string{"s"}, Run: func(ctx context.Context, env *Env) error {
			in := Input[row](env, "s")
			started <- env.Job
			if _, ok := in.Next(ctx); ok {
				return errors.New("unexpected batch")
			}
			if ctx.Err() == nil {
				return errors.New("Next returned false without end of input or cancellation")
			}
			return nil // flushed, stopped
		}},
	}}
}

func TestCancellation(t *testing.T) {
	started := make(chan string, 2)
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, blockedProgram(started), Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	}()
	<-started
	<-started
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run after cancel = %v, want nil (a stop is not a failure)", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling did not stop the jobs")
	}
	if strings.Count(logs.String(), "job stopped") != 2 {
		t.Errorf("log:\n%s", logs.String())
	}
}

func TestSignalExitsZero(t *testing.T) {
	started := make(chan string, 2)
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- MainWith(blockedProgram(started), nil, Options{Stderr: &stderr, MetricsAddr: testMetricsAddr})
	}()
	<-started
	<-started
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit status %d after SIGTERM, want 0\n%s", code, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not stop the program")
	}
	if !strings.Contains(stderr.String(), "msg=stopping") {
		t.Errorf("log:\n%s", stderr.String())
	}
}

func TestFirstFailureCancelsOthers(t *testing.T) {
	p := &Program{Jobs: []JobDef{
		{Name: "waits", Run: func(ctx context.Context, env *Env) error { <-ctx.Done(); return fmt.Errorf("read: %w", ctx.Err()) }},
		{Name: "breaks", Run: func(context.Context, *Env) error { return errors.New("write out/x.csv: no space left on device") }},
	}}
	err := runWithin(t, p, Options{Logger: quiet})
	if err == nil || err.Error() != "job breaks: write out/x.csv: no space left on device" || ExitCode(err) != 1 {
		t.Fatalf("err = %v, want only job breaks's error", err)
	}
}

func TestSeveralFailuresAreAllNamed(t *testing.T) {
	release := make(chan struct{})
	p := &Program{Jobs: []JobDef{
		{Name: "a", Run: func(context.Context, *Env) error { <-release; return errors.New("boom") }},
		{Name: "b", Run: func(context.Context, *Env) error { close(release); return errors.New("bang") }},
	}}
	err := runWithin(t, p, Options{Logger: quiet})
	if got := errorLines(err); len(got) != 2 || got[0] != "job a: boom" || got[1] != "job b: bang" {
		t.Fatalf("error lines = %q", got)
	}
}

func TestShutdownTimeout(t *testing.T) {
	p := &Program{Jobs: []JobDef{
		{Name: "stuck", Run: func(context.Context, *Env) error { select {} }},
		{Name: "fails", Run: func(context.Context, *Env) error { return errors.New("boom") }},
	}}
	start := time.Now()
	err := runWithin(t, p, Options{Logger: quiet, ShutdownTimeout: 50 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "job fails: boom") ||
		!strings.Contains(err.Error(), "shutdown timed out after 50ms; still running: stuck") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestPanicBecomesOneLine(t *testing.T) {
	p := &Program{Jobs: []JobDef{{Name: "oops", Run: func(ctx context.Context, env *Env) error {
		env.Int("no.such.property") // a generator bug
		return nil
	}}}}
	var stderr bytes.Buffer
	code := MainWith(p, nil, Options{Stderr: &stderr, MetricsAddr: testMetricsAddr})
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	want := `veloc: job oops: internal error: property "no.such.property" is not declared in Program.Props (run with --log-level debug for the stack)`
	if !strings.Contains(stderr.String(), want+"\n") || strings.Contains(stderr.String(), "goroutine") {
		t.Errorf("stderr:\n%s\nwant the line:\n%s", stderr.String(), want)
	}
}

func TestEnvGetters(t *testing.T) {
	p := &Program{
		Props: []Prop{
			{Name: "j.n", Default: "7", Kind: KindInt},
			{Name: "j.on", Default: "yes", Kind: KindBool},
			{Name: "j.wait", Default: "1500", Kind: KindDuration},
			{Name: "j.s", Default: "${HOME_FOR_TEST:fallback}"},
		},
		Jobs: []JobDef{{Name: "j", Run: func(ctx context.Context, env *Env) error {
			if env.Int("j.n") != 8 || !env.Bool("j.on") || env.Duration("j.wait") != 1500*time.Millisecond ||
				env.String("j.s") != "fallback" || env.String("j.n") != "8" || env.String("j.error.policy") != "skip" {
				return fmt.Errorf("got %d %v %v %q", env.Int("j.n"), env.Bool("j.on"), env.Duration("j.wait"), env.String("j.s"))
			}
			if env.Brokers != "b:9092" || !env.Bounded || env.StateDir != "st" {
				return fmt.Errorf("flags: %q %v %q", env.Brokers, env.Bounded, env.StateDir)
			}
			env.Log.Debug("debug line")
			return nil
		}}},
	}
	var stderr bytes.Buffer
	code := MainWith(p, []string{"--set", "j.n=8", "--brokers", "b:9092", "--bounded", "--state-dir=st",
		"--log-level", "debug", "--node-id", "n1", "--region", "eu"}, Options{Stderr: &stderr, MetricsAddr: testMetricsAddr})
	if code != 0 {
		t.Fatalf("exit status %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), `msg="debug line" node_id=n1 region=eu job=j`) {
		t.Errorf("log:\n%s", stderr.String())
	}
}

func TestProgramMistakes(t *testing.T) {
	nop := func(context.Context, *Env) error { return nil }
	for _, p := range []*Program{
		{Jobs: []JobDef{{Name: "a", Run: nop}, {Name: "a", Run: nop}}},
		{Jobs: []JobDef{{Name: "a"}}},
	} {
		if err := Run(context.Background(), p, Options{Logger: quiet}); err == nil || ExitCode(err) != 1 {
			t.Errorf("Run(%+v) = %v", p.Jobs, err)
		}
	}
	if err := Run(context.Background(), &Program{}, Options{Logger: quiet}); err != nil {
		t.Errorf("a program without jobs: %v", err)
	}
}
