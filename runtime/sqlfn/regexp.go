package sqlfn

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Regexp is a compiled pattern of REGEXP, REGEXP_REPLACE or
// REGEXP_EXTRACT: RE2 syntax (Go's regexp), leftmost-first matching,
// searching anywhere in the string (use ^ and $ to anchor). It is safe for
// concurrent use. Generated code compiles a constant pattern once with
// CompileRegexp and gets others from a RegexpCache.
type Regexp struct {
	re     *regexp.Regexp
	global bool // flag g: REGEXP_REPLACE replaces every match
}

// RegexpFlags lists the flags REGEXP_REPLACE accepts, for messages.
const RegexpFlags = "g, i, m, s"

// CompileRegexp compiles pattern with flags, each one of:
//
//	g  REGEXP_REPLACE replaces every match, not only the first
//	i  case-insensitive matching (RE2 (?i))
//	m  multi-line: ^ and $ also match at line breaks (RE2 (?m))
//	s  . also matches a line break (RE2 (?s))
//
// A flag may repeat; any other character is an error. The error text
// names the pattern and the problem, without a position, for the compiler
// to report at the pattern's or the flags' position: `invalid regular
// expression "a(b": missing closing ): ` + "`a(b`".
func CompileRegexp(pattern, flags string) (*Regexp, error) {
	r := &Regexp{}
	var mode string
	for _, f := range flags {
		switch f {
		case 'g':
			r.global = true
		case 'i', 'm', 's':
			if !strings.ContainsRune(mode, f) {
				mode += string(f)
			}
		default:
			return nil, fmt.Errorf("unknown regular expression flag %q in %s (allowed: %s)", f, Quote(flags), RegexpFlags)
		}
	}
	src := pattern
	if mode != "" {
		src = "(?" + mode + ")" + pattern
	}
	re, err := regexp.Compile(src)
	if err != nil {
		if mode != "" {
			// Quote the problem in the pattern as written, not with the
			// flag group in front.
			if _, plain := regexp.Compile(pattern); plain != nil {
				err = plain
			}
		}
		return nil, regexpError(pattern, err)
	}
	r.re = re
	return r, nil
}

func regexpError(pattern string, err error) error {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Errorf("invalid regular expression %s: %s: `%s`", Quote(pattern), se.Code, se.Expr)
	}
	return fmt.Errorf("invalid regular expression %s: %v", Quote(pattern), err)
}

// MustCompileRegexp is CompileRegexp for patterns the compiler has
// already checked; it panics on an error.
func MustCompileRegexp(pattern, flags string) *Regexp {
	r, err := CompileRegexp(pattern, flags)
	if err != nil {
		panic(err)
	}
	return r
}

// RegexpCache compiles run-time (non-constant) patterns and remembers the
// results, errors included, so a pattern column with few distinct values
// is compiled once per value. Generated code declares one per call site
// (a package variable: the zero value is ready, and it is safe for
// concurrent use) and turns an error into an error record.
type RegexpCache struct {
	c compileCache[*Regexp]
}

// Get returns pattern compiled with flags, as CompileRegexp.
func (c *RegexpCache) Get(pattern, flags string) (*Regexp, error) {
	return c.c.get(pattern, flags, CompileRegexp)
}

// Global reports whether the g flag was given.
func (r *Regexp) Global() bool { return r.global }

// NumGroups is the number of capturing groups; REGEXP_EXTRACT accepts
// groups 0 (the whole match) to NumGroups.
func (r *Regexp) NumGroups() int { return r.re.NumSubexp() }

// String returns the pattern as compiled (with a flag group in front when
// flags i, m or s were given).
func (r *Regexp) String() string { return r.re.String() }

// Match is REGEXP(s, pattern): whether the pattern matches anywhere in s.
func (r *Regexp) Match(s string) bool { return r.re.MatchString(s) }

// Replace is REGEXP_REPLACE(s, pattern, repl[, flags]): s with the first
// match (every match with flag g) replaced by repl. In repl, $1 or ${1} is
// the text of group 1, $0 the whole match, $name or ${name} a named group
// (?P<name>...), and $$ a literal $ (Go's Regexp.Expand). A reference takes
// the longest run of letters, digits and _ after $, so $1a means a group
// named "1a": write ${1}a. A group that does not exist or did not take
// part in the match gives the empty string. s itself is returned when
// nothing matches.
func (r *Regexp) Replace(s, repl string) string {
	literal := strings.IndexByte(repl, '$') < 0
	if r.global {
		// MatchString does not allocate; ReplaceAll copies s even when
		// nothing matches.
		if !r.re.MatchString(s) {
			return s
		}
		// The []byte forms read s in place and return a new slice, which
		// becomes the result without the copy the string forms make.
		if literal {
			return View(r.re.ReplaceAllLiteral(Bytes(s), Bytes(repl)))
		}
		return View(r.re.ReplaceAll(Bytes(s), Bytes(repl)))
	}
	if literal {
		loc := r.re.FindStringIndex(s)
		if loc == nil {
			return s
		}
		return s[:loc[0]] + repl + s[loc[1]:]
	}
	m := r.re.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	b := make([]byte, 0, len(s)+len(repl)+16)
	b = append(b, s[:m[0]]...)
	b = r.re.ExpandString(b, repl, s, m)
	b = append(b, s[m[1]:]...)
	return View(b) // b is never written again
}

// Extract is REGEXP_EXTRACT(s, pattern[, group]): the text of group
// (0, the default, is the whole match) in the first match of the pattern
// in s. ok is false (NULL) when nothing matches, when the group did not
// take part in the match, and when group is not between 0 and NumGroups
// (CheckGroup reports that at compile time for constant arguments). The
// result is a substring of s.
func (r *Regexp) Extract(s string, group int64) (string, bool) {
	if group < 0 || group > int64(r.re.NumSubexp()) {
		return "", false
	}
	var m []int
	if group == 0 {
		m = r.re.FindStringIndex(s)
	} else {
		m = r.re.FindStringSubmatchIndex(s)
	}
	if m == nil || m[2*group] < 0 {
		return "", false
	}
	return s[m[2*group]:m[2*group+1]], true
}

// CheckGroup returns an error when group is not a group of the pattern,
// for the compiler to report when REGEXP_EXTRACT's pattern and group are
// constants.
func (r *Regexp) CheckGroup(group int64) error {
	if n := r.re.NumSubexp(); group < 0 || group > int64(n) {
		return fmt.Errorf("REGEXP_EXTRACT group %d is out of range: the pattern has %d group%s (0 is the whole match)", group, n, regexpPlural(n))
	}
	return nil
}

// CheckReplacement returns an error when repl refers to a group the
// pattern does not have, for the compiler to report when REGEXP_REPLACE's
// pattern and replacement are constants ($1a is such a reference, to a
// group named "1a"; the message suggests ${1}a).
func (r *Regexp) CheckReplacement(repl string) error {
	for i := 0; i < len(repl); i++ {
		if repl[i] != '$' {
			continue
		}
		name, next, ok := expandName(repl[i+1:])
		if !ok {
			continue // Expand writes a malformed reference literally
		}
		i += next
		if name == "$" {
			continue
		}
		if n := expandNumber(name); n >= 0 {
			if n <= r.re.NumSubexp() {
				continue
			}
			return fmt.Errorf("REGEXP_REPLACE replacement refers to group %d, but the pattern has %d group%s", n, r.re.NumSubexp(), regexpPlural(r.re.NumSubexp()))
		}
		if r.re.SubexpIndex(name) >= 0 {
			continue
		}
		msg := fmt.Sprintf("REGEXP_REPLACE replacement refers to group %q, which the pattern does not have", name)
		if d := regexpLeadingDigits(name); d != "" {
			msg += fmt.Sprintf(" (write ${%s}%s for group %s followed by %q)", d, name[len(d):], d, name[len(d):])
		}
		return errors.New(msg)
	}
	return nil
}

// expandName parses the reference after a '$' as Regexp.Expand does: "$"
// for $$, a name in braces, or the longest run of letters, digits and _.
// next is the number of bytes it used.
func expandName(t string) (name string, next int, ok bool) {
	if t == "" {
		return "", 0, false
	}
	if t[0] == '$' {
		return "$", 1, true
	}
	brace := t[0] == '{'
	if brace {
		t = t[1:]
	}
	i := 0
	for i < len(t) {
		r, size := utf8.DecodeRuneInString(t[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			break
		}
		i += size
	}
	if i == 0 {
		return "", 0, false
	}
	if brace {
		if i >= len(t) || t[i] != '}' {
			return "", 0, false
		}
		return t[:i], i + 2, true
	}
	return t[:i], i, true
}

// expandNumber is the group number a reference name stands for in
// Regexp.Expand, or -1 for a name: decimal digits without a leading zero.
func expandNumber(name string) int {
	if name == "" || len(name) > 1 && name[0] == '0' {
		return -1
	}
	n := 0
	for i := 0; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' || n >= 1e8 {
			return -1
		}
		n = n*10 + int(name[i]-'0')
	}
	return n
}

func regexpLeadingDigits(s string) string {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == len(s) {
		return ""
	}
	return s[:i]
}

func regexpPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
