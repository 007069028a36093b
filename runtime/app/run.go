package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// DefaultShutdownTimeout is how long Run waits for the jobs to stop after
// a signal or a failure (runtime.md: --shutdown-timeout).
const DefaultShutdownTimeout = 30 * time.Second

// Options configures Run: what Main takes from flags, and what a program
// embedding a generated pipeline passes instead.
type Options struct {
	// Overrides sets properties as --set name=value does; they beat the
	// environment and the compiled defaults.
	Overrides map[string]string
	// Stdout receives stdout sinks (os.Stdout if nil); Stderr receives
	// the logs of the default logger (os.Stderr if nil).
	Stdout, Stderr io.Writer
	// Logger, if set, is used instead of a text logger at info level on
	// Stderr. Run adds job=NAME to each job's lines.
	Logger *slog.Logger

	Bounded  bool   // --bounded
	Brokers  string // --brokers
	StateDir string // --state-dir
	// MetricsAddr is where the metrics server listens (--metrics-addr);
	// "" runs no server. A failed bind is logged and the jobs run on,
	// unless MetricsRequired (the flag was given) makes it fatal.
	MetricsAddr     string
	MetricsRequired bool
	// ReadyMaxLag is how many records a Kafka source may be behind each
	// partition's end for /readyz (--ready-max-lag).
	ReadyMaxLag int64
	// NodeID, NodeName and Region are the deployment context (--node-id,
	// --region, VELOC_NODE_ID, VELOC_REGION); they beat the program's
	// @deployment.* annotations.
	NodeID, NodeName, Region string
	Quiet                    bool // --quiet: with the default logger, warnings and errors only
	// ShutdownTimeout bounds the wait for jobs after cancellation; 0 means
	// DefaultShutdownTimeout, a negative value waits forever.
	ShutdownTimeout time.Duration

	// JobDone, if set, is called as each job ends, with its counts and
	// its error (nil for success and for a stop): for embedders and tests.
	JobDone func(job string, c Counts, err error)

	now func() time.Time // the clock for the rate limit; tests replace it
}

// Run validates the program's configuration and runs its jobs concurrently
// until they all end. The first job to fail cancels the others; cancelling
// ctx stops them all, which is not a failure. After cancellation Run waits
// at most the shutdown timeout for the jobs to return.
//
// The error names each failed job ("job picked: ..."), one line per job; a
// configuration error is (or wraps) a *config.UsageError, for which
// ExitCode returns 2.
func Run(ctx context.Context, p *Program, opts Options) error {
	ps, err := configure(p, opts.Overrides)
	if err != nil {
		return err
	}
	return run(ctx, p, ps, opts)
}

// Validate checks a configuration as Run does before it starts any job:
// overrides, then the environment, then the compiled defaults. A generated
// package's New calls it so that an embedding program hears about a bad
// property when it builds the pipeline, not when it runs it.
func Validate(p *Program, overrides map[string]string) error {
	_, err := configure(p, overrides)
	return err
}

// configure resolves and checks the program's properties.
func configure(p *Program, overrides map[string]string) (*props, error) {
	ps := newProps(p)
	if err := ps.override(overrides); err != nil {
		return nil, err
	}
	if err := ps.validate(p.Jobs); err != nil {
		return nil, err
	}
	return ps, nil
}

// result is a job's outcome.
type result struct {
	i   int
	err error
}

func run(ctx context.Context, p *Program, ps *props, opts Options) error {
	if err := checkProgram(p); err != nil {
		return err
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	log := opts.Logger
	if log == nil {
		level := slog.LevelInfo
		if opts.Quiet {
			level = slog.LevelWarn
		}
		log = slog.New(slog.NewTextHandler(opts.Stderr, &slog.HandlerOptions{Level: level}))
	}
	now := opts.now
	if now == nil {
		now = time.Now
	}
	timeout := opts.ShutdownTimeout
	if timeout == 0 {
		timeout = DefaultShutdownTimeout
	}

	log = withDeployment(log, buildInfo(p, ps, opts), opts)
	if opts.StateDir != "" {
		// runtime.md's snapshots are not built yet: say so rather than
		// let the user believe a restart resumes from them.
		log.Warn("--state-dir is not supported yet: state lives in memory and a restart rebuilds it from the input", "state_dir", opts.StateDir)
	}
	dlqs, err := openDLQs(ctx, p, ps, opts.Brokers)
	if err != nil {
		return err
	}
	shared := newRunState(p.Jobs)
	stdout := &lockedWriter{w: opts.Stdout}
	envs := make([]*Env, len(p.Jobs))
	for i, j := range p.Jobs {
		e := &Env{
			Job: j.Name, Sources: j.Sources, Sinks: j.Sinks,
			Config: ps.set, Log: log.With("job", j.Name), Stdout: stdout,
			Bounded: opts.Bounded, Brokers: opts.Brokers, StateDir: opts.StateDir, Quiet: opts.Quiet,
			run: shared, decls: ps.decls,
		}
		e.bad.policy, e.bad.now = ps.policy(j.Name), now
		e.bad.dlq = dlqs[strings.TrimSpace(ps.set.Get(j.Name+keyDLQ))] // nil unless opened
		late, _, _ := ps.set.Lookup("late.data.strategy")
		e.LateDeadLetter = late == "dead_letter" && e.bad.dlq != nil
		for _, s := range j.Sources {
			e.In(s)
		}
		for _, s := range j.Sinks {
			e.Out(s)
		}
		envs[i] = e
	}
	obs, err := observe(p, ps, opts, envs, log)
	if err != nil {
		closeDLQs(dlqs)
		return err
	}
	defer obs.close()
	if tw, ok := opts.Stderr.(*termWriter); ok && !opts.Quiet {
		pr := newProgress(tw)
		defer pr.close()
		for _, e := range envs {
			e.progress = pr
		}
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	results := make(chan result, len(p.Jobs))
	start := time.Now()
	for i, j := range p.Jobs {
		go func() { results <- result{i, runJob(ctx, j, envs[i])} }()
	}

	errs := make([]error, len(p.Jobs))
	running := make([]bool, len(p.Jobs))
	for i := range running {
		running[i] = true
	}
	stopping := ctx.Done()
	var deadline <-chan time.Time
	for pending := len(p.Jobs); pending > 0; {
		select {
		case r := <-results:
			pending--
			running[r.i] = false
			j, e := p.Jobs[r.i], envs[r.i]
			err := r.err
			if err != nil && ctx.Err() != nil && isCancellation(err) {
				err = nil // the job was stopped, it did not fail
			}
			outcome := "finished"
			switch {
			case err != nil:
				err = jobError(j.Name, err)
				errs[r.i] = err
				outcome = "failed"
				// Cancel before closing the job's streams, so that the
				// readers see a stop and not an end of input.
				cancel(err)
			case ctx.Err() != nil:
				outcome = "stopped"
			}
			shared.jobEnded(j.Name)
			e.Metrics.Done()
			e.flushWarnings()
			e.logSummary(outcome, time.Since(start))
			if opts.JobDone != nil {
				opts.JobDone(j.Name, e.Counts(), err)
			}
		case <-stopping:
			stopping = nil
			if cause := context.Cause(ctx); ctx.Err() != nil && !isJobError(cause) {
				log.Info("stopping", "cause", cause.Error())
			}
			if timeout > 0 {
				t := time.NewTimer(timeout)
				defer t.Stop()
				deadline = t.C
			}
		case <-deadline:
			var names []string
			for i, r := range running {
				if r {
					names = append(names, p.Jobs[i].Name)
				}
			}
			errs = append(errs, fmt.Errorf("shutdown timed out after %v; still running: %s", timeout, strings.Join(names, ", ")))
			return errors.Join(errs...) // the DLQs of running jobs stay open; the process is exiting
		}
	}
	if err := closeDLQs(dlqs); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// runJob runs one job, turning a panic into an error: a bug in generated
// code must still end in one line on stderr and exit status 1, never a Go
// stack trace (cli.md). The stack goes to the debug log.
func runJob(ctx context.Context, j JobDef, e *Env) (err error) {
	defer func() {
		if v := recover(); v != nil {
			e.Log.Debug("panic", "value", fmt.Sprint(v), "stack", string(debug.Stack()))
			err = fmt.Errorf("internal error: %v (run with --log-level debug for the stack)", v)
		}
	}()
	return j.Run(ctx, e)
}

// checkProgram rejects a Program the code generator got wrong.
func checkProgram(p *Program) error {
	seen := map[string]bool{}
	for _, j := range p.Jobs {
		switch {
		case j.Name == "":
			return errors.New("program: a job has no name")
		case seen[j.Name]:
			return fmt.Errorf("program: two jobs are named %s", j.Name)
		case j.Run == nil:
			return fmt.Errorf("program: job %s has no Run function", j.Name)
		}
		seen[j.Name] = true
	}
	return nil
}

func isCancellation(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func isJobError(err error) bool {
	var je *JobError
	return errors.As(err, &je)
}

// lockedWriter serialises writes from concurrent jobs: each Write (a whole
// batch from a sink) reaches the underlying writer in one piece, and a
// test's bytes.Buffer is not written concurrently.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
