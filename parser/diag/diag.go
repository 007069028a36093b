// Package diag holds positioned diagnostics: the `file:line:col: message`
// errors that every veloc command prints, with the offending source line
// and a caret under the token. The parser and the compiler both report
// through it, so every error a user sees has one shape.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/velocsql/veloc/parser/ast"
)

// Error is one diagnostic at a position in a file.
type Error struct {
	File string
	Pos  ast.Pos
	Msg  string
	// Line is the text of the source line Pos is on (without the newline),
	// or "" when unknown; Detail uses it to draw the caret.
	Line string
}

// Error returns "file:line:col: message".
func (e *Error) Error() string {
	if !e.Pos.IsValid() {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// Detail returns Error() followed by the source line and a caret under the
// column, as the CLI prints it.
func (e *Error) Detail() string {
	s := e.Error()
	if e.Line == "" || !e.Pos.IsValid() {
		return s
	}
	return s + "\n" + e.Line + "\n" + caret(e.Line, e.Pos.Col)
}

// caret returns spaces (tabs where the line has tabs, so terminals line up)
// up to column col, then '^'.
func caret(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ { // column past the end of the line (e.g. at EOF)
		b.WriteByte(' ')
	}
	b.WriteByte('^')
	return b.String()
}

// New returns an Error at pos in the file whose text is src, filling in
// the source line.
func New(file string, src []byte, pos ast.Pos, format string, args ...any) *Error {
	return &Error{File: file, Pos: pos, Msg: fmt.Sprintf(format, args...), Line: LineAt(src, pos.Offset)}
}

// LineAt returns the line of src that contains byte offset off, without
// its line terminator.
func LineAt(src []byte, off int) string {
	if off < 0 || off > len(src) {
		return ""
	}
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := off
	for end < len(src) && src[end] != '\n' {
		end++
	}
	line := strings.TrimSuffix(string(src[start:end]), "\r")
	if !utf8.ValidString(line) {
		line = strings.ToValidUTF8(line, "\uFFFD")
	}
	return line
}

// List is a list of diagnostics; as an error it reports all of them.
type List []*Error

// Add appends an error.
func (l *List) Add(e *Error) { *l = append(*l, e) }

// Sort orders the list by file and position, and drops exact duplicates.
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].File != s[j].File {
			return s[i].File < s[j].File
		}
		return s[i].Pos.Offset < s[j].Pos.Offset
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && e.File == s[i-1].File && e.Pos == s[i-1].Pos && e.Msg == s[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error returns every diagnostic's one-line form, one per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Detail returns every diagnostic with its source line and caret.
func (l List) Detail() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Detail()
	}
	return strings.Join(parts, "\n")
}
