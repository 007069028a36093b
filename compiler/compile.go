// Package compiler turns a parsed SQL application into a typed plan
// (package plan): it resolves every source's schema, resolves names,
// type-checks expressions with positioned errors, and runs the optimiser
// passes (package optimize). It knows nothing of Go; codegen reads its
// output.
package compiler

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/velocsql/veloc/compiler/optimize"
	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/diag"
)

// Options configures a compilation.
type Options struct {
	// Dir is the folder of the SQL file. Schema files and schemas/ are
	// found relative to it; input files for inference are looked up in the
	// working directory first (where the program will run), then in Dir.
	Dir string
	// NoOptimize skips the optimiser passes, for `veloc explain`'s
	// before-and-after view.
	NoOptimize bool
}

// Compile compiles a parsed file. src is the file's text (for error
// source lines). The error, if any, is a diag.List with every problem.
func Compile(f *ast.File, src []byte, opts Options) (*plan.Program, error) {
	sum := sha256.Sum256(src)
	c := &compiler{
		file:     f,
		src:      src,
		opts:     opts,
		decls:    map[string]*declared{},
		produced: map[string]*plan.Job{},
		prog:     &plan.Program{File: f.Name, SQLHash: hex.EncodeToString(sum[:]), Annotations: f.Annotations},
	}
	hints, errs := schema.FromHints(f.Annotations)
	c.hints = hints
	c.posErrors(errs)
	c.observability(f.Annotations)
	c.jobMode(f.Annotations)
	for i, s := range f.Stmts {
		c.stmt(i, s)
	}
	c.finish()
	if len(c.errs) > 0 {
		c.errs.Sort()
		return c.prog, c.errs
	}
	if !opts.NoOptimize {
		optimize.Program(c.prog)
	}
	return c.prog, nil
}

// compiler holds the state of one compilation.
type compiler struct {
	file  *ast.File
	src   []byte
	opts  Options
	errs  diag.List
	hints map[string]*schema.Schema
	// decls are the source declarations (CREATE STREAM x (cols) WITH ...),
	// by lower-case name.
	decls map[string]*declared
	// produced are the jobs whose output later statements can read in
	// process, by lower-case output name.
	produced map[string]*plan.Job
	prog     *plan.Program
	// loads are the jobs that read declared sources for joins (join.go),
	// by lower-case name.
	loads map[string]*plan.Job
}

// declared is a source (or sink) declaration.
type declared struct {
	stmt   *ast.CreateSource
	schema *schema.Schema
	props  []plan.Prop
}

func (c *compiler) errorf(at ast.Pos, format string, args ...any) {
	if len(c.errs) < 100 {
		c.errs.Add(diag.New(c.file.Name, c.src, at, format, args...))
	}
}

// posErrors reports errors from helper packages that carry positions.
func (c *compiler) posErrors(errs []error) {
	for _, err := range errs {
		if pe, ok := err.(*schema.PosError); ok {
			c.errorf(pe.Pos, "%s", pe.Msg)
		} else {
			c.errorf(ast.Pos{}, "%v", err)
		}
	}
}

func (c *compiler) stmt(i int, s ast.Stmt) {
	switch s := s.(type) {
	case *ast.CreateSource:
		c.declare(s)
	case *ast.CreateAs:
		kind := plan.StreamJob
		if s.Kind == ast.TableKind {
			kind = plan.TableJob
		}
		c.job(s, kind, s.Name, s.Query)
	case *ast.InsertInto:
		c.job(s, plan.InsertJob, s.Name, s.Query)
	case *ast.SelectStmt:
		c.job(s, plan.SelectJob, &ast.Ident{Pos: s.Pos, Name: fmt.Sprintf("select_%d", i+1)}, s.Query)
	}
}

// declare records a source declaration: its schema and WITH properties.
func (c *compiler) declare(s *ast.CreateSource) {
	key := strings.ToLower(s.Name.Name)
	if _, dup := c.decls[key]; dup {
		c.errorf(s.Name.Pos, "%s is declared twice", s.Name.Name)
		return
	}
	sch, errs := schema.FromDeclaration(s)
	c.posErrors(errs)
	d := &declared{stmt: s, schema: sch}
	for _, p := range withProps(s.With) {
		prefix, _, ok := strings.Cut(p.Key, ".")
		if !ok || !strings.EqualFold(prefix, s.Name.Name) {
			c.errorf(p.Pos, "property '%s' in the declaration of %s must start with '%s.'", p.Key, s.Name.Name, s.Name.Name)
			continue
		}
		d.props = append(d.props, p)
	}
	c.decls[key] = d
}

// withProps returns the properties of a WITH clause as plan.Props.
func withProps(w *ast.With) []plan.Prop {
	if w == nil {
		return nil
	}
	out := make([]plan.Prop, len(w.Props))
	for i, p := range w.Props {
		out[i] = plan.Prop{Key: p.Key, Value: p.Value, Pos: p.Pos}
	}
	return out
}

// finish runs the checks that need the whole file: a job writes
// somewhere.
func (c *compiler) finish() {
	for _, j := range c.prog.Jobs {
		if j.Sink == nil && len(j.Consumers) == 0 && !j.SinkFailed {
			c.errorf(j.Pos, "job %s writes nowhere: add '%s.type' = 'file_sink' (or stdout_sink, kafka_sink) to its WITH clause, or read it from a later statement", j.Name, sinkName(j))
		}
	}
}

func sinkName(j *plan.Job) string {
	return j.Name
}
