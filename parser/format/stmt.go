package format

import (
	"fmt"
	"strings"

	"github.com/velocsql/veloc/parser/ast"
)

// stmt prints one statement, from its first line to its `;`.
func (p *printer) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.CreateAs:
		p.startLine(0, s.Pos)
		p.write("CREATE ")
		if s.OrReplace {
			p.write("OR REPLACE ")
		}
		p.write(s.Kind.String() + " ")
		p.ident(s.Name)
		p.write(" AS")
		p.query(s.Query, s.End)
	case *ast.CreateSource:
		p.createSource(s)
	case *ast.InsertInto:
		p.startLine(0, s.Pos)
		p.write("INSERT INTO ")
		p.ident(s.Name)
		p.query(s.Query, s.End)
	case *ast.SelectStmt:
		p.query(s.Query, s.End)
	default:
		panic(fmt.Sprintf("format: unexpected statement %T", s))
	}
}

// query prints a statement's select, EMIT and WITH, and the `;`. end is
// the statement's end: comments before it belong inside the statement.
func (p *printer) query(q *ast.Query, end ast.Pos) {
	cs := p.selectClauses(q.Select)
	if e := q.Emit; e != nil {
		cs = append(cs, clause{e.Pos, func(ast.Pos) {
			p.startLine(0, e.Pos)
			p.write("EMIT " + e.Mode.String())
		}})
	}
	if w := q.With; w != nil {
		cs = append(cs, clause{w.Pos, func(next ast.Pos) {
			p.startLine(0, w.Pos)
			p.write("WITH (")
			p.props(w)
			p.flushLines(4, next) // inside the parentheses
			p.newline(0)
			p.write(")")
		}})
	}
	p.clauses(cs, end)
	p.semicolon(end)
}

// createSource prints a source declaration: one column per line.
func (p *printer) createSource(s *ast.CreateSource) {
	p.startLine(0, s.Pos)
	p.write("CREATE ")
	if s.OrReplace {
		p.write("OR REPLACE ")
	}
	p.write(s.Kind.String() + " ")
	p.ident(s.Name)
	p.write(" (")
	for i, c := range s.Columns {
		p.startLine(4, c.Pos)
		p.ident(c.Name)
		p.write(" ")
		p.typeName(c.Type)
		if c.NotNull {
			p.write(" NOT NULL")
		}
		if i < len(s.Columns)-1 || s.PrimaryKey != nil {
			p.write(",")
		}
	}
	if k := s.PrimaryKey; k != nil {
		p.startLine(4, k.Pos)
		p.write("PRIMARY KEY (")
		for i, c := range k.Columns {
			if i > 0 {
				p.write(", ")
			}
			p.ident(c)
		}
		p.write(")")
	}
	if s.With == nil {
		p.closeParen(s.End)
		return
	}
	p.flushLines(4, s.With.Pos) // comments after the last column stay inside
	p.startLine(0, s.With.Pos)
	p.write(") WITH (")
	p.props(s.With)
	p.closeParen(s.End)
}

// props prints the properties of a WITH clause, one per line.
func (p *printer) props(w *ast.With) {
	for i, pr := range w.Props {
		p.startLine(4, pr.Pos)
		p.write(quote(pr.Key))
		p.at(pr.ValuePos)
		p.write(" = " + quote(pr.Value))
		if i < len(w.Props)-1 {
			p.write(",")
		}
	}
}

// closeParen ends a statement with `);` on its own line; comments left
// before the statement's end go on the lines before it, inside the
// parentheses.
func (p *printer) closeParen(end ast.Pos) {
	p.flushLines(4, end)
	p.newline(0)
	p.write(");")
}

// semicolon ends a statement. Trailing block comments left before the
// end stay before the `;`, and trailing line comments follow it (one
// before it would swallow it). If a comment on a line of its own is left,
// `;` gets a line of its own after it, so that comment stays inside the
// statement instead of becoming part of the next statement's header.
func (p *printer) semicolon(end ast.Pos) {
	own := false
	if end.IsValid() && !p.flat {
		for _, c := range p.comments[p.next:] {
			if c.Pos.Offset >= end.Offset {
				break
			}
			own = own || !c.Trailing
		}
	}
	if own {
		p.flushLines(0, end)
		p.newline(0)
		p.write(";")
		return
	}
	for c := p.peek(end); c != nil && isBlock(c) && p.canTrail(); c = p.peek(end) {
		p.trailing(c, " ")
		p.next++
	}
	p.write(";")
	p.flushLines(0, end)
}

// quote returns s as a single-quoted SQL string.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// ident prints a name as written; a quoted one in double quotes.
func (p *printer) ident(id *ast.Ident) {
	p.at(id.Pos)
	p.write(identText(id))
}

func identText(id *ast.Ident) string {
	if id.Quoted {
		return `"` + strings.ReplaceAll(id.Name, `"`, `""`) + `"`
	}
	return id.Name
}

// typeName prints a type: INTEGER, DECIMAL(10,2), ARRAY<STRING>, MAP<K, V>.
func (p *printer) typeName(t *ast.TypeName) {
	p.at(t.Pos)
	p.write(typeText(t))
}

func typeText(t *ast.TypeName) string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(t.Name))
	if len(t.Params) > 0 {
		b.WriteByte('(')
		for i, n := range t.Params {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprint(&b, n)
		}
		b.WriteByte(')')
	}
	if len(t.Elem) > 0 {
		b.WriteByte('<')
		for i, e := range t.Elem {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(typeText(e))
		}
		b.WriteByte('>')
	}
	return b.String()
}
