// Command payments embeds a veloc pipeline in an ordinary Go program.
//
// The pipeline package is generated from app.sql by veloc gen; this file
// is the hand-written part: flags, logging, signals and what to do with
// the result. Regenerate after editing app.sql:
//
//	go generate ./examples/gogenerate
//
// In your own module, pin veloc in go.mod (go get github.com/velocsql/veloc)
// and run the generator through the go command, so that the generator and
// the runtime the generated code links are always the same version:
//
//	//go:generate go run github.com/velocsql/veloc/cmd/veloc gen -o pipeline app.sql
package main

//go:generate go run -buildvcs=false github.com/velocsql/veloc/cmd/veloc gen -o pipeline app.sql

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/velocsql/veloc/examples/gogenerate/pipeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("payments", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "payments.jsonl", "the JSON Lines file of payments to read")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	// The pipeline logs through our logger: JSON, one object per line,
	// each tagged with the job that wrote it.
	logger := slog.New(slog.NewJSONHandler(stderr, nil)).With("app", "payments")
	p, err := pipeline.New(pipeline.Config{
		Set:    map[string]string{"payments.path": *in},
		Stdout: stdout,
		Logger: logger,
	})
	if err != nil {
		fmt.Fprintln(stderr, "payments:", err)
		return 2
	}
	if err := p.Run(ctx); err != nil {
		fmt.Fprintln(stderr, "payments:", err)
		return 1
	}
	return 0
}
