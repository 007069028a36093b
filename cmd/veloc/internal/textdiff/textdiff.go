// Package textdiff computes line-based unified diffs, as printed by
// `veloc fmt -d`.
//
// It is deliberately small: Myers' O((N+M)·D) algorithm in its
// linear-space form (divide at the "middle snake"), so that two large,
// completely different files cost time but never quadratic memory, and a
// printer for the familiar `--- a/x`, `+++ b/x`, `@@ -l,n +l,n @@` format
// with three lines of context.
package textdiff

import (
	"fmt"
	"sort"
	"strings"
)

// context is the number of unchanged lines shown around each change.
const context = 3

// Unified returns the unified diff turning old into new, with the headers
// `--- oldName` and `+++ newName`, or "" when the texts are equal.
// A last line without a newline is marked `\ No newline at end of file`,
// as diff(1) and git do.
func Unified(oldName, newName, old, new string) string {
	if old == new {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	ops := Lines(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		writeHunk(&out, a, b, ops[h.from:h.to])
	}
	return out.String()
}

// splitLines splits s into lines, each keeping its "\n" (the last one may
// lack it), so that a missing final newline shows up as a difference.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// Kind says what an Op does.
type Kind int

const (
	Equal  Kind = iota // the line is in both texts
	Delete             // the line is only in the old text
	Insert             // the line is only in the new text
)

// Op is one step of an edit script: a line of the old text (A), of the new
// text (B), or of both. A and B are 0-based line indexes; for Delete only A
// is meaningful, for Insert only B.
type Op struct {
	Kind Kind
	A, B int
}

// Lines returns a shortest edit script turning a into b: every line of a
// and of b appears in order, deletions before insertions within a change.
func Lines(a, b []string) []Op {
	d := differ{a: a, b: b}
	n, m := len(a), len(b)
	size := 2*(n+m) + 2
	d.fwd, d.bwd = make([]int, size), make([]int, size)
	d.off = n + m + 1
	d.diff(0, n, 0, m)
	deletionsFirst(d.ops)
	return d.ops
}

// deletionsFirst reorders each run of changes so that its deletions come
// before its insertions, as diff(1) prints them; the recursion may
// interleave them when it splits a change at a middle snake.
func deletionsFirst(ops []Op) {
	for i := 0; i < len(ops); {
		if ops[i].Kind == Equal {
			i++
			continue
		}
		j := i
		for j < len(ops) && ops[j].Kind != Equal {
			j++
		}
		sort.SliceStable(ops[i:j], func(x, y int) bool {
			return ops[i+x].Kind == Delete && ops[i+y].Kind == Insert
		})
		i = j
	}
}

type differ struct {
	a, b     []string
	fwd, bwd []int // furthest-reaching x per diagonal k, indexed k+off
	off      int
	ops      []Op
}

// diff appends the edit script for a[a0:a1] → b[b0:b1].
func (d *differ) diff(a0, a1, b0, b1 int) {
	// Common prefix and suffix are equal lines; strip them first.
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		d.ops = append(d.ops, Op{Equal, a0, b0})
		a0, b0 = a0+1, b0+1
	}
	var tail []Op
	for a0 < a1 && b0 < b1 && d.a[a1-1] == d.b[b1-1] {
		a1, b1 = a1-1, b1-1
		tail = append(tail, Op{Equal, a1, b1})
	}
	switch {
	case a0 == a1:
		for j := b0; j < b1; j++ {
			d.ops = append(d.ops, Op{Insert, a0, j})
		}
	case b0 == b1:
		for i := a0; i < a1; i++ {
			d.ops = append(d.ops, Op{Delete, i, b0})
		}
	default:
		x, y := d.middleSnake(a0, a1, b0, b1)
		d.diff(a0, x, b0, y)
		d.diff(x, a1, y, b1)
	}
	for i := len(tail) - 1; i >= 0; i-- {
		d.ops = append(d.ops, tail[i])
	}
}

// middleSnake finds a point (x, y) on a shortest edit path through
// a[a0:a1] → b[b0:b1] that splits it into two smaller problems, running
// Myers' search from both ends until they overlap. Both ranges are
// non-empty and differ in their first and last lines, so the split point
// is strictly inside and the recursion makes progress.
func (d *differ) middleSnake(a0, a1, b0, b1 int) (int, int) {
	n, m := a1-a0, b1-b0
	delta := n - m
	odd := delta%2 != 0
	fwd, bwd, off := d.fwd, d.bwd, d.off
	// fwd[k] is the furthest x (relative to a0) on diagonal k = x - y from
	// the start; bwd[k] the furthest x going back from the end, with k
	// measured from the end's diagonal delta.
	fwd[off+1], bwd[off+1] = 0, 0
	for D := 0; D <= (n+m+1)/2; D++ {
		for k := -D; k <= D; k += 2 {
			var x int
			if k == -D || (k != D && fwd[off+k-1] < fwd[off+k+1]) {
				x = fwd[off+k+1] // down: insertion
			} else {
				x = fwd[off+k-1] + 1 // right: deletion
			}
			y := x - k
			for x < n && y < m && d.a[a0+x] == d.b[b0+y] {
				x, y = x+1, y+1
			}
			fwd[off+k] = x
			// Overlap with a backward path of D-1 steps on the same diagonal.
			if c := delta - k; odd && c >= -(D-1) && c <= D-1 && x+bwd[off+c] >= n {
				return a0 + x, b0 + y
			}
		}
		for k := -D; k <= D; k += 2 {
			var x int
			if k == -D || (k != D && bwd[off+k-1] < bwd[off+k+1]) {
				x = bwd[off+k+1]
			} else {
				x = bwd[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && d.a[a1-1-x] == d.b[b1-1-y] {
				x, y = x+1, y+1
			}
			bwd[off+k] = x
			if c := delta - k; !odd && c >= -D && c <= D && x+fwd[off+c] >= n {
				return a1 - x, b1 - y
			}
		}
	}
	panic("textdiff: no middle snake") // unreachable: a path of length ≤ n+m always exists
}

// hunk is a range of ops printed as one @@ block.
type hunk struct{ from, to int }

// hunks groups the changes of ops with up to context equal lines around
// them, merging changes whose contexts touch.
func hunks(ops []Op) []hunk {
	var hs []hunk
	for i := 0; i < len(ops); {
		if ops[i].Kind == Equal {
			i++
			continue
		}
		start := max(0, i-context)
		if len(hs) > 0 && start <= hs[len(hs)-1].to {
			start = hs[len(hs)-1].from
			hs = hs[:len(hs)-1]
		}
		end := i
		for end < len(ops) && ops[end].Kind != Equal {
			end++
		}
		// Extend over the following equal lines, up to context of them.
		stop := end
		for stop < len(ops) && stop < end+context && ops[stop].Kind == Equal {
			stop++
		}
		hs = append(hs, hunk{start, stop})
		i = end
	}
	// Merging above only looks back one hunk at a time; a hunk's trailing
	// context that reaches the next hunk's leading context was merged when
	// the next hunk started, so hs is final.
	return hs
}

func writeHunk(out *strings.Builder, a, b []string, ops []Op) {
	var aStart, aLen, bStart, bLen int
	aStart, bStart = -1, -1
	for _, op := range ops {
		if op.Kind != Insert {
			if aStart < 0 {
				aStart = op.A
			}
			aLen++
		}
		if op.Kind != Delete {
			if bStart < 0 {
				bStart = op.B
			}
			bLen++
		}
	}
	// An empty side is named by the line before it, as diff(1) does.
	if aStart < 0 {
		aStart = ops[0].A
	} else {
		aStart++
	}
	if bStart < 0 {
		bStart = ops[0].B
	} else {
		bStart++
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", span(aStart, aLen), span(bStart, bLen))
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			writeLine(out, ' ', a[op.A])
		case Delete:
			writeLine(out, '-', a[op.A])
		case Insert:
			writeLine(out, '+', b[op.B])
		}
	}
}

func span(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

func writeLine(out *strings.Builder, mark byte, line string) {
	out.WriteByte(mark)
	out.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		out.WriteString("\n\\ No newline at end of file\n")
	}
}
