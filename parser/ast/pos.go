// Package ast declares the syntax tree of a veloc SQL application.
//
// The tree records what the user wrote, normalised only where the dialect
// has several spellings of one construct (HOPPING is SLIDING, `5m` is
// INTERVAL '5' MINUTE, `POSITION(a IN b)` is POSITION(a, b)), so that
// printing a tree and parsing it again yields an equal tree. Types and
// meaning are the compiler's business; nothing here knows about them.
package ast

import "fmt"

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// characters (runes), not bytes, because that is what an editor shows.
// Offset is the 0-based byte offset. The zero Pos means "no position".
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// IsValid reports whether p names a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "line:col".
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

// Before reports whether p comes before q in the file.
func (p Pos) Before(q Pos) bool { return p.Offset < q.Offset }
