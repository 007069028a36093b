package diag

import (
	"testing"

	"github.com/velocsql/veloc/parser/ast"
)

func TestDetail(t *testing.T) {
	src := []byte("SELECT a\nFROM t WHERE x = = 1\n")
	tests := []struct {
		name string
		pos  ast.Pos
		want string
	}{
		{"mid line", ast.Pos{Offset: 24, Line: 2, Col: 16},
			"q.sql:2:16: boom\nFROM t WHERE x = = 1\n               ^"},
		{"first column", ast.Pos{Offset: 0, Line: 1, Col: 1},
			"q.sql:1:1: boom\nSELECT a\n^"},
		{"end of file", ast.Pos{Offset: len(src), Line: 3, Col: 1},
			"q.sql:3:1: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := New("q.sql", src, tt.pos, "boom").Detail()
			if got != tt.want {
				t.Errorf("Detail() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestCaretKeepsTabsAndRunes(t *testing.T) {
	// The caret sits under the 4th character: two runes of Greek, a tab, then x.
	e := &Error{File: "f", Pos: ast.Pos{Line: 1, Col: 4}, Msg: "m", Line: "αβ\tx"}
	want := "f:1:4: m\nαβ\tx\n  \t^"
	if got := e.Detail(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestListSortDedup(t *testing.T) {
	var l List
	l.Add(&Error{File: "a", Pos: ast.Pos{Offset: 9, Line: 2, Col: 1}, Msg: "second"})
	l.Add(&Error{File: "a", Pos: ast.Pos{Offset: 1, Line: 1, Col: 2}, Msg: "first"})
	l.Add(&Error{File: "a", Pos: ast.Pos{Offset: 1, Line: 1, Col: 2}, Msg: "first"})
	l.Sort()
	if len(l) != 2 || l[0].Msg != "first" || l[1].Msg != "second" {
		t.Fatalf("Sort() = %v", l)
	}
	if l.Error() != "a:1:2: first\na:2:1: second" {
		t.Errorf("Error() = %q", l.Error())
	}
	if (List{}).Err() != nil {
		t.Error("empty list Err() != nil")
	}
}
