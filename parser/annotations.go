package parser

import (
	"strings"
	"unicode/utf8"

	"github.com/velocsql/veloc/parser/ast"
)

// Annotations are `-- @key: value` comment lines between statements, and
// the header spellings `-- SQL Application: x`, `-- Version: x`,
// `-- Description: x` and `-- Name: x` (keys app, version, description,
// name). A comment is an annotation only on a line of its own; `-- ====`,
// a bare `--`, `-- @name x` (no colon) and trailing comments are ordinary
// comments. Comments inside a statement are never annotations.
//
// Where an annotation goes is decided by its key:
//
//   - File-only keys (app, application, version, num_partitions,
//     partitioning_strategy, deployment.*, observability.*, data.*) always
//     go to File.Annotations.
//   - Statement-only keys (name, job_name, metric, metric_*) always go to
//     the next statement.
//   - Any other key (description, job_mode, batch_size, unknown keys) goes
//     to the next statement, except before the first statement, where it
//     goes to the file unless a statement-only annotation came before it in
//     that stretch of comments.
//   - Annotations after the last statement go to the file.
//
// This is how Velostream files read: a file header with @app and
// @description, then `-- @name:` and `-- @description:` blocks for each
// job. A `-- @metric: name` line opens a MetricBlock of the next statement;
// the metric_* annotations after it join the block until the next @metric
// or the statement. A metric_* key with no open block is an error. The
// value of @metric_condition is parsed as an expression whose positions
// point into the comment, so its errors name the right line and column.

// fileKeys are the file-only annotation keys; see the rule above.
var fileKeys = map[string]bool{
	"app": true, "application": true, "version": true,
	"num_partitions": true, "partitioning_strategy": true,
}

var filePrefixes = []string{"deployment.", "observability.", "data."}

func isFileKey(key string) bool {
	if fileKeys[key] {
		return true
	}
	for _, p := range filePrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// isStmtKey reports whether key is statement-only: name, job_name, and the
// metric keys.
func isStmtKey(key string) bool {
	return key == "name" || key == "job_name" || isMetricKey(key)
}

func isMetricKey(key string) bool { return key == "metric" || strings.HasPrefix(key, "metric_") }

// headers are the plain-text header spellings and their keys.
var headers = []struct{ label, key string }{
	{"SQL Application:", "app"},
	{"Version:", "version"},
	{"Description:", "description"},
	{"Name:", "name"},
}

// parseAnnotation reads c as an annotation. It returns the annotation and
// the byte offset just after its value, or ok false for an ordinary comment.
func parseAnnotation(c *ast.Comment) (a *ast.Annotation, valueEnd int, ok bool) {
	text := c.Text
	if c.Trailing || !strings.HasPrefix(text, "--") {
		return nil, 0, false
	}
	i := 2
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	rest := text[i:]
	var key string
	var vstart int // index in text of the value (before trimming)
	if strings.HasPrefix(rest, "@") {
		colon := strings.IndexByte(rest, ':')
		if colon < 0 || !isAnnotationKey(rest[1:colon]) {
			return nil, 0, false
		}
		key = strings.ToLower(rest[1:colon])
		vstart = i + colon + 1
	} else {
		for _, h := range headers {
			if len(rest) >= len(h.label) && strings.EqualFold(rest[:len(h.label)], h.label) {
				key, vstart = h.key, i+len(h.label)
				break
			}
		}
		if key == "" {
			return nil, 0, false
		}
	}
	vend := len(text)
	for vstart < vend && (text[vstart] == ' ' || text[vstart] == '\t') {
		vstart++
	}
	for vend > vstart && (text[vend-1] == ' ' || text[vend-1] == '\t') {
		vend--
	}
	a = &ast.Annotation{
		Pos:   c.Pos,
		Key:   key,
		Value: text[vstart:vend],
		ValuePos: ast.Pos{
			Offset: c.Pos.Offset + vstart,
			Line:   c.Pos.Line,
			Col:    c.Pos.Col + utf8.RuneCountInString(text[:vstart]),
		},
	}
	return a, c.Pos.Offset + vend, true
}

// isAnnotationKey reports whether s is a well-formed key: letters, digits,
// and _ . - (as in data.price.type).
func isAnnotationKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// annotator attaches the annotations of one file by the rule above.
type annotator struct {
	f    *ast.File
	src  []byte
	errs *errorList

	// The state of the current stretch of comments between statements.
	stmtKeySeen bool             // a statement-only key came earlier
	metric      *ast.MetricBlock // the open metric block
}

// attachAnnotations reads the annotations among f.Comments and attaches
// them to f and to the statements whose spans follow them.
func attachAnnotations(f *ast.File, src []byte, spans []stmtSpan, errs *errorList) {
	an := &annotator{f: f, src: src, errs: errs}
	k := 0 // the statement the current comment comes before (or is inside)
	for _, c := range f.Comments {
		for k < len(spans) && c.Pos.Offset >= spans[k].end {
			k++
			an.stmtKeySeen, an.metric = false, nil
		}
		if k < len(spans) && c.Pos.Offset >= spans[k].start {
			continue // inside a statement: an ordinary comment
		}
		a, valueEnd, ok := parseAnnotation(c)
		if !ok {
			continue
		}
		if k == len(spans) {
			f.Annotations = append(f.Annotations, a)
			continue
		}
		an.add(a, valueEnd, spans[k].header, k == 0)
	}
}

// add attaches a, which comes before the statement whose header is h (nil
// when that statement did not parse); first says it is the first one.
func (an *annotator) add(a *ast.Annotation, valueEnd int, h *ast.StmtHeader, first bool) {
	key := a.Key
	switch {
	case isFileKey(key):
		an.f.Annotations = append(an.f.Annotations, a)
	case key == "metric":
		an.stmtKeySeen = true
		an.metric = &ast.MetricBlock{Pos: a.Pos, Name: a.Value}
		if a.Value == "" {
			an.errs.add(a.ValuePos, "@metric needs a metric name")
		}
		if h != nil {
			h.Metrics = append(h.Metrics, an.metric)
		}
	case isMetricKey(key):
		an.stmtKeySeen = true
		if an.metric == nil {
			an.errs.add(a.Pos, "@%s must follow a @metric line that names the metric", key)
			return
		}
		an.metric.Annotations = append(an.metric.Annotations, a)
		if key == "metric_condition" { // checked even when the statement is broken
			an.metric.Condition = parseExprAt(an.src, a.ValuePos.Offset, valueEnd, a.ValuePos, an.errs)
		}
	case isStmtKey(key):
		an.stmtKeySeen = true
		if h != nil {
			h.Annotations = append(h.Annotations, a)
		}
	case first && !an.stmtKeySeen:
		an.f.Annotations = append(an.f.Annotations, a)
	case h != nil:
		h.Annotations = append(h.Annotations, a)
	}
}
