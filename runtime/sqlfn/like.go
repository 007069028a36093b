package sqlfn

import (
	"strings"
	"unicode/utf8"
)

// Like is a compiled LIKE pattern: % matches any run of characters, _ one
// character, and the escape character makes the next one literal. Matching
// is case-sensitive (dialect.md). Generated code compiles constant patterns
// once, at start-up, and keeps the matcher in a package variable.
type Like struct {
	parts   []likePart
	literal string // the whole pattern when it has no wildcards
	plain   bool
}

// likePart is a literal run preceded by a number of single-character
// wildcards and, if star, any run of characters.
type likePart struct {
	star   bool
	single int
	text   string
}

// CompileLike compiles pattern with the given escape character (0: none).
func CompileLike(pattern string, escape rune) *Like {
	l := &Like{}
	var cur likePart
	var text strings.Builder
	flush := func() {
		cur.text = text.String()
		l.parts = append(l.parts, cur)
		cur = likePart{}
		text.Reset()
	}
	esc := false
	for _, r := range pattern {
		switch {
		case esc:
			text.WriteRune(r)
			esc = false
		case escape != 0 && r == escape:
			esc = true
		case r == '%' || r == '_':
			if text.Len() > 0 {
				flush()
			}
			if r == '%' {
				cur.star = true
			} else {
				cur.single++
			}
		default:
			text.WriteRune(r)
		}
	}
	if esc { // a trailing escape matches itself
		text.WriteRune(escape)
	}
	flush()
	if len(l.parts) == 1 && !l.parts[0].star && l.parts[0].single == 0 {
		l.plain, l.literal = true, l.parts[0].text
	}
	return l
}

// Match reports whether s matches the whole pattern.
func (l *Like) Match(s string) bool {
	if l.plain {
		return s == l.literal
	}
	return matchParts(l.parts, s)
}

func matchParts(parts []likePart, s string) bool {
	if len(parts) == 0 {
		return s == ""
	}
	p := parts[0]
	for i := 0; i < p.single; i++ {
		if s == "" {
			return false
		}
		_, size := utf8.DecodeRuneInString(s)
		s = s[size:]
	}
	last := len(parts) == 1
	if !p.star {
		if !strings.HasPrefix(s, p.text) {
			return false
		}
		return matchParts(parts[1:], s[len(p.text):])
	}
	if last {
		return strings.HasSuffix(s, p.text)
	}
	for {
		i := strings.Index(s, p.text)
		if i < 0 {
			return false
		}
		if matchParts(parts[1:], s[i+len(p.text):]) {
			return true
		}
		if i == len(s) {
			return false
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		s = s[i+size:]
	}
}

// LikeDynamic matches s against a pattern known only at run time.
func LikeDynamic(s, pattern string, escape rune) bool {
	return CompileLike(pattern, escape).Match(s)
}
