// Package format prints syntax trees as SQL in veloc's canonical form:
// the printer behind `veloc fmt`, and the one-line expression printer used
// by `veloc explain` and by error messages.
//
// # Canonical form
//
// Words: keywords, function names and type names are upper-case;
// identifiers are printed exactly as written, quoted ones in double quotes
// (a " inside doubled); string literals and WITH keys and values are
// single-quoted with ' doubled; numbers are printed as written.
//
// Statements: one blank line between statements, each ending with `;`.
// `CREATE [OR REPLACE] STREAM|TABLE name AS` and `INSERT INTO name` are
// followed by the query on the next line. A source declaration prints
// `CREATE STREAM name (`, one column per line indented four spaces,
// `PRIMARY KEY (a, b)` last, then `) WITH (`, one property per line
// indented four spaces, and `);`.
//
// Queries: one clause per line, in the order SELECT, FROM, JOIN (each
// join on its own line with its ON), WHERE, GROUP BY, HAVING, WINDOW,
// ORDER BY, LIMIT, EMIT, WITH, whatever order the source used — with one
// exception: a WINDOW or EMIT written out of that order stays where it
// was written when a comment lies inside it (see Comments). The select
// list is printed on the SELECT line when the whole line fits in 100
// columns and no comment sits between its items; otherwise the first item
// stays on the SELECT line and each further item gets a line of its own,
// aligned under the first. GROUP BY and ORDER BY lists follow the same
// rule. Aliases are always written with AS; an inner join is `JOIN`.
//
// Expressions: on one line, with one space around binary operators and
// the user's parentheses exactly (the tree keeps them as Paren nodes, and
// the printer neither adds nor drops any). Subqueries are printed inline
// on one line. Windows and intervals use the dialect's first spelling:
// `TUMBLING(ts, INTERVAL '1' MINUTE)`, `SLIDING(size, advance)`,
// `SESSION(gap)`, `INTERVAL 'n' UNIT` with a singular unit;
// `SUBSTRING(s, a, b)`, `POSITION(a IN b)`, `TRIM(BOTH 'x' FROM s)`,
// CURRENT_TIMESTAMP and CURRENT_DATE without parentheses.
//
// Long lines: a WHERE, HAVING or ON condition wider than 100 columns
// breaks before each top-level OR (not inside parentheses), OR aligned to
// end where the keyword ends; a part still too wide breaks before each of
// its top-level ANDs the same way. A JOIN line too wide puts `ON` on the
// next line, indented two spaces, and breaks its condition by the same
// rule. A CASE on a line wider than 100 columns prints one WHEN (and the
// ELSE) per line, four columns right of the CASE, and END under it; the
// outermost CASE breaks first, then any still too wide. Nothing else
// breaks: a long call or OVER stays on its line.
//
// Comments: every comment of the file is printed verbatim exactly once,
// in source order, and a trailing comment (one after code on its line)
// stays trailing, because the tree records both and `veloc fmt` must not
// change the tree. Comments between statements go on their own lines
// before the statement that follows them (or at the end of the file); a
// blank line separates groups of them that a blank line separated in the
// source, and a group from its statement if the source had one, because
// annotations depend on those blank lines (a file header is separated
// from the first statement's annotations by one). Inside a statement a
// comment is printed just before the first token printed after it: on a
// line of its own at the indentation of the line that follows, or, if it
// was trailing, at the end of the line holding the code before it — after
// two spaces, or inline after one space for a block comment in the middle
// of a line. A `--` comment ends its line, so the statement continues on
// a new line indented four columns more. A list, an AND/OR chain, a CASE
// or a JOIN with a comment inside takes its broken layout, so the comment
// gets a line next to its part instead of splitting one at random. A
// trailing comment after code the tree holds no position for (a keyword,
// a closing parenthesis) waits for the next token and trails it. Trailing
// block comments before a statement's `;` stay before it and trailing line
// comments follow it; if an own-line comment comes last in a statement,
// the `;` gets a line of its own after it, so the comment is not taken for
// a header of the next statement. Attaching comments to tokens rather
// than to lines is what makes the output re-parse to the same tree and
// formatting idempotent. The tree keeps comments in source order, so a
// WINDOW or EMIT clause holding a comment is not moved past other
// clauses.
//
// Output ends with exactly one newline and has no trailing spaces outside
// comments (which are printed verbatim). An empty file prints as nothing.
package format

import "github.com/velocsql/veloc/parser/ast"

// maxWidth is the column limit of the layout rules.
const maxWidth = 100

// File prints a whole application in canonical form.
func File(f *ast.File) []byte {
	p := &printer{comments: f.Comments}
	var prev ast.Stmt
	for _, s := range f.Stmts {
		p.gap(prev, s.Header().Pos)
		p.stmt(s)
		prev = s
	}
	p.gapEnd(prev)
	return p.bytes()
}

// Expr prints one expression on one line (used by `veloc explain` and
// error messages). Comments are not part of expressions and never printed.
func Expr(e ast.Expr) string {
	return flat(func(p *printer) { p.expr(e) })
}
