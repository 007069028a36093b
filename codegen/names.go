package codegen

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"
)

// ident turns a SQL name into a Go identifier fragment: letters, digits
// and underscores kept, anything else replaced, never a Go keyword and
// never starting with a digit. Generated identifiers are unexported.
func ident(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s == "" || unicode.IsDigit(rune(s[0])) {
		s = "x" + s
	}
	if token.Lookup(s).IsKeyword() {
		s += "_"
	}
	return s
}

// camel joins words in lowerCamelCase: camel("big_orders", "job") is
// "bigOrdersJob".
func camel(parts ...string) string {
	var b strings.Builder
	first := true
	for _, p := range parts {
		for _, w := range strings.FieldsFunc(ident(p), func(r rune) bool { return r == '_' }) {
			if first {
				b.WriteString(strings.ToLower(w[:1]) + w[1:])
				first = false
			} else {
				b.WriteString(strings.ToUpper(w[:1]) + w[1:])
			}
		}
	}
	s := b.String()
	if s == "" {
		s = "x"
	}
	if token.Lookup(s).IsKeyword() {
		s += "_"
	}
	return s
}

// fieldNames gives each column a unique struct field name.
func fieldNames(names []string) []string {
	out := make([]string, len(names))
	used := map[string]bool{}
	for i, n := range names {
		f := "c_" + ident(n)
		for used[strings.ToLower(f)] {
			f += "_"
		}
		used[strings.ToLower(f)] = true
		out[i] = f
	}
	return out
}

// doc writes a doc comment of several lines as // lines (jen writes a
// comment holding newlines as a /* */ block).
func doc(f *jen.File, format string, args ...any) {
	for _, line := range strings.Split(fmt.Sprintf(format, args...), "\n") {
		f.Comment(line)
	}
}
