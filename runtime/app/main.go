package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/velocsql/veloc/runtime/config"
	"github.com/velocsql/veloc/runtime/metrics"
)

// DefaultMetricsAddr is runtime.md's default --metrics-addr.
const DefaultMetricsAddr = ":9091"

// Main is the whole of a generated program's main function: it parses
// args (os.Args[1:]), runs the program until its input ends or SIGINT or
// SIGTERM stops it, and returns the exit status for os.Exit: 0 on success
// or after a signal, 1 on a run-time failure, 2 on a usage or
// configuration error. Errors are printed to stderr as one line each,
// "veloc: job picked: ...".
func Main(p *Program, args []string) int {
	return MainWith(p, args, Options{Stdout: os.Stdout, Stderr: os.Stderr})
}

// MainWith is Main writing to opts.Stdout and opts.Stderr (os.Stdout and
// os.Stderr when nil) instead, which is how tests run it. The flags fill
// in the rest of opts; opts.Overrides apply before the --set flags.
func MainWith(p *Program, args []string, opts Options) int {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	fail := func(err error) int {
		for _, l := range errorLines(err) {
			fmt.Fprintln(opts.Stderr, "veloc: "+l)
		}
		return ExitCode(err)
	}

	ps := newProps(p)
	if err := ps.override(opts.Overrides); err != nil {
		return fail(err)
	}
	rest, err := ps.set.ParseArgs(args)
	if err != nil {
		return fail(err)
	}
	f, err := parseFlags(p, rest, &opts)
	if err != nil {
		return fail(err)
	}
	switch {
	case f.help:
		if err := writeHelp(opts.Stdout, p, ps); err != nil {
			return fail(err)
		}
		return 0
	case f.version:
		fmt.Fprintf(opts.Stdout, "veloc %s\nsql: %s\ngo: %s %s/%s\n", p.Version, p.SQLHash, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return 0
	}
	if err := ps.validate(p.Jobs); err != nil {
		return fail(err)
	}
	if !opts.Quiet && isTerminal(opts.Stderr) {
		// The progress line goes below the logs (progress.go).
		opts.Stderr = &termWriter{w: opts.Stderr}
	}
	if opts.Logger == nil {
		opts.Logger = f.logger(opts.Stderr, opts.Quiet)
	}
	opts.NodeID, opts.Region = FirstNonEmpty(opts.NodeID, f.nodeID), FirstNonEmpty(opts.Region, f.region)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, restore the default handling, so that a
		// second Ctrl-C ends a shutdown that takes too long.
		<-ctx.Done()
		stop()
	}()
	if err := run(ctx, p, ps, opts); err != nil {
		return fail(err)
	}
	return 0
}

// flags holds the flags that are not Options fields.
type flags struct {
	help, version bool
	level         slog.Level
	json          bool
	nodeID        string
	region        string
}

// parseFlags parses the common flags of runtime.md into opts and f. The
// flag package accepts -name and --name, "--name value" and "--name=value".
func parseFlags(p *Program, args []string, opts *Options) (*flags, error) {
	f := &flags{nodeID: os.Getenv("VELOC_NODE_ID"), region: os.Getenv("VELOC_REGION")}
	fs := flag.NewFlagSet("program", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned and printed as one line
	fs.BoolVar(&f.help, "help", false, "")
	fs.BoolVar(&f.version, "version", false, "")
	fs.Func("log-level", "", func(s string) error {
		switch strings.ToLower(s) {
		case "debug":
			f.level = slog.LevelDebug
		case "info":
			f.level = slog.LevelInfo
		case "warn", "warning":
			f.level = slog.LevelWarn
		case "error":
			f.level = slog.LevelError
		default:
			return errors.New("want debug, info, warn or error")
		}
		return nil
	})
	fs.Func("log-format", "", func(s string) error {
		switch s {
		case "text":
			f.json = false
		case "json":
			f.json = true
		default:
			return errors.New("want text or json")
		}
		return nil
	})
	if opts.MetricsAddr == "" && !p.NoMetricsServer {
		opts.MetricsAddr = DefaultMetricsAddr
	}
	fs.Func("metrics-addr", "", func(s string) error {
		opts.MetricsAddr, opts.MetricsRequired = s, s != ""
		return nil
	})
	if opts.ReadyMaxLag == 0 {
		opts.ReadyMaxLag = metrics.DefaultMaxLag
	}
	fs.Func("ready-max-lag", "", func(s string) error {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return errors.New("want a number of records, 0 or more")
		}
		opts.ReadyMaxLag = n
		return nil
	})
	fs.BoolVar(&opts.Bounded, "bounded", opts.Bounded, "")
	fs.StringVar(&opts.Brokers, "brokers", opts.Brokers, "")
	fs.StringVar(&opts.StateDir, "state-dir", opts.StateDir, "")
	timeout := opts.ShutdownTimeout
	if timeout == 0 {
		timeout = DefaultShutdownTimeout
	}
	opts.ShutdownTimeout = timeout
	fs.Func("shutdown-timeout", "", func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return errors.New("want a duration such as 30s or 2m")
		}
		opts.ShutdownTimeout = d
		return nil
	})
	fs.BoolVar(&opts.Quiet, "quiet", opts.Quiet, "")
	fs.StringVar(&f.nodeID, "node-id", f.nodeID, "")
	fs.StringVar(&f.region, "region", f.region, "")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) { // -h
			f.help = true
			return f, nil
		}
		// The flag package names flags with one dash; the documented
		// spelling has two.
		msg := strings.NewReplacer(": -", ": --", "flag -", "flag --", "for -", "for --").Replace(err.Error())
		return nil, usage("%s (see --help)", msg)
	}
	if fs.NArg() > 0 {
		return nil, usage("unexpected argument %q (see --help)", fs.Arg(0))
	}
	return f, nil
}

// logger builds the logger the flags ask for: --quiet raises the level to
// warn, and the deployment context goes on every line (runtime.md).
func (f *flags) logger(w io.Writer, quiet bool) *slog.Logger {
	level := f.level
	if quiet && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	ho := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, ho)
	if f.json {
		h = slog.NewJSONHandler(w, ho)
	}
	l := slog.New(h)
	if f.nodeID != "" {
		l = l.With("node_id", f.nodeID)
	}
	if f.region != "" {
		l = l.With("region", f.region)
	}
	return l
}

// writeHelp prints the program's jobs, flags and properties.
func writeHelp(w io.Writer, p *Program, ps *props) error {
	name := p.Name
	if name == "" {
		name = "program"
	}
	fmt.Fprintf(w, "%s: a streaming SQL program built by veloc %s (sql %s)\n\n", name, p.Version, p.SQLHash)
	fmt.Fprintf(w, "Usage: %s [flags]\n\nJobs:\n", name)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, j := range p.Jobs {
		fmt.Fprintf(tw, "  %s\tsources: %s\tsinks: %s\n", j.Name, list(j.Sources), list(j.Sinks))
	}
	if len(p.Jobs) == 0 {
		fmt.Fprintln(tw, "  (none)")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nFlags:")
	tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, l := range flagHelp {
		fmt.Fprintf(tw, "  %s\t%s\n", l[0], l[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return ps.writeHelp(w)
}

var flagHelp = [][2]string{
	{"--set name=value", "override a property (repeatable); beats the environment variable"},
	{"--bounded", "Kafka sources stop at the end offsets they had at start"},
	{"--brokers host:port,...", "default bootstrap servers for every Kafka source and sink"},
	{"--state-dir DIR", "snapshot job state under DIR"},
	{"--shutdown-timeout D", fmt.Sprintf("grace period for jobs to stop after a signal (default %v)", DefaultShutdownTimeout)},
	{"--metrics-addr ADDR", `serve /metrics, /healthz and /readyz on ADDR; empty disables (default ":9091", skipped with a warning if taken)`},
	{"--ready-max-lag N", fmt.Sprintf("/readyz: records a Kafka source may be behind per partition (default %d)", metrics.DefaultMaxLag)},
	{"--log-level LEVEL", "debug, info, warn or error (default info)"},
	{"--log-format FORMAT", "text or json (default text)"},
	{"--quiet", "log warnings and errors only, no progress line"},
	{"--node-id ID", "node id on logs and veloc_build_info (default $VELOC_NODE_ID, else @deployment.node_id)"},
	{"--region REGION", "region on logs and veloc_build_info (default $VELOC_REGION, else @deployment.region)"},
	{"--version", "print the veloc version and the hash of the SQL"},
	{"--help", "print this help"},
}

func list(names []string) string {
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, ", ")
}

// usage returns a bad-command-line error: exit status 2.
func usage(format string, args ...any) error {
	return &config.UsageError{Msg: fmt.Sprintf(format, args...)}
}
