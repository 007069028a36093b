package app

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/velocsql/veloc/runtime/csvrec"
	"github.com/velocsql/veloc/runtime/fileio"
	"github.com/velocsql/veloc/runtime/scalar"
)

// This file holds a job written by hand the way the code generator writes
// one, for
//
//	CREATE STREAM picked AS SELECT id, item, qty FROM orders WHERE qty > 1
//	WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv',
//	      'picked.type' = 'file_sink', 'picked.path' = 'out/picked.csv');

// orders.path and picked.append leave Job empty: Main infers it.
func pickedProgram() *Program {
	return &Program{
		Name: "query", Version: "v0.1.0", SQLHash: "ab12cd",
		Props: []Prop{
			{Name: "orders.path", Default: "orders.csv", Required: true, Help: "file or glob to read"},
			{Name: "orders.format", Default: "csv", Job: "picked", Fixed: true, Help: "input format"},
			{Name: "orders.delimiter", Default: ",", Job: "picked", Help: "CSV delimiter"},
			{Name: "picked.path", Default: "out/picked.csv", Job: "picked", Required: true, Help: "file to write"},
			{Name: "picked.append", Default: "false", Kind: KindBool, Help: "append instead of truncate"},
			{Name: "picked.error.policy", Default: "skip", Job: "picked", Help: "skip, dlq or fail"},
		},
		Jobs: []JobDef{{Name: "picked", Sources: []string{"orders"}, Sinks: []string{"picked"}, Run: runPicked}},
	}
}

// runPicked is the job's fused loop: decode the columns the query reads,
// filter, encode, with counters and error records handled by env.
func runPicked(ctx context.Context, env *Env) error {
	// Sinks first, then sources (runtime.md "Lifecycle").
	sink, err := fileio.CreateSink(env.String("picked.path"), fileio.SinkOptions{Append: env.Bool("picked.append")})
	if err != nil {
		return err
	}
	defer sink.Close() // after an error; the normal path closes it below and checks
	src, err := fileio.OpenSource(env.String("orders.path"), fileio.SourceOptions{})
	if err != nil {
		return err // "open no_such.csv: no such file or directory"
	}
	defer src.Close()

	delim := env.String("orders.delimiter")[0]
	in, out := env.In("orders"), env.Out("picked")
	rd := csvrec.NewReader(nil, csvrec.Options{Delimiter: delim})
	buf := []byte("id,item,qty\n")
	var raw []byte
	nIn, nOut := 0, 0
	flush := func() error {
		in.Add(nIn)
		out.Add(nOut)
		nIn, nOut = 0, 0
		_, err := sink.Write(buf)
		buf = buf[:0]
		return err
	}
	defer func() { in.Add(nIn) }() // records of a batch cut short by an error count too
	done := ctx.Done()
	for src.NextFile() {
		rd.Reset(src)
		header := true
		for {
			rec, err := rd.Read()
			if err == io.EOF {
				break
			}
			if pe := (*csvrec.ParseError)(nil); errors.As(err, &pe) {
				nIn++
				loc := Location{Source: "orders", File: src.Name(), Line: pe.Line}
				if err := env.BadRecord(loc, BadMalformed, pe.Err.Error(), nil); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
			if header {
				header = false
				continue
			}
			nIn++
			loc := Location{Source: "orders", File: src.Name(), Line: rec.Line}
			raw = raw[:0]
			for i, f := range rec.Fields {
				if i > 0 {
					raw = append(raw, delim)
				}
				raw = csvrec.AppendField(raw, f, delim, '"')
			}
			if len(rec.Fields) != 3 {
				if err := env.BadRecord(loc, BadMalformed, fmt.Sprintf("want 3 fields, got %d", len(rec.Fields)), raw); err != nil {
					return err
				}
				continue
			}
			id, ok := scalar.ParseInt(rec.Fields[0])
			if !ok {
				if err := env.BadRecord(loc, BadParse, fmt.Sprintf("column id: cannot parse %q as INTEGER", rec.Fields[0]), raw); err != nil {
					return err
				}
				continue
			}
			qty, ok := scalar.ParseInt(rec.Fields[2])
			if !ok {
				if err := env.BadRecord(loc, BadParse, fmt.Sprintf("column qty: cannot parse %q as INTEGER", rec.Fields[2]), raw); err != nil {
					return err
				}
				continue
			}
			if qty > 1 {
				buf = scalar.AppendInt(buf, id)
				buf = append(buf, ',')
				buf = csvrec.AppendField(buf, rec.Fields[1], ',', '"')
				buf = append(buf, ',')
				buf = scalar.AppendInt(buf, qty)
				buf = append(buf, '\n')
				nOut++
			}
			if nIn >= 1024 {
				if err := flush(); err != nil {
					return err
				}
				select {
				case <-done: // stopped: keep what was written, do not fail
					return sink.Close()
				default:
				}
			}
		}
	}
	if err := src.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	return sink.Close()
}
