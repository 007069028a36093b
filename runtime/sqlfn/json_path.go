package sqlfn

import (
	"fmt"
	"strings"
)

// JSONPath is a compiled path of JSON_VALUE, JSON_EXTRACT, JSON_QUERY and
// JSON_EXISTS. It is a small value, safe to copy and to use concurrently.
//
// Syntax (dialect.md): an optional leading $, then steps:
//
//	.name       object member name: any characters up to the next . or [
//	."name"     member name in double quotes (\" and \\ escape)
//	.7          member "7" of an object, or element 7 of an array
//	[7]         array element, 0-based; [-1] is the last element
//	["name"]    member name in double or single quotes
//
// Without the $, the path starts with a name: a.b is $.a.b. "$" alone is
// the whole document. Wildcards, filters and lax/strict modes are not
// supported (an error).
type JSONPath struct {
	steps []jsonStep
	text  string
}

type jsonStepKind uint8

const (
	stepKey        jsonStepKind = iota // .name, ["name"]
	stepIndex                          // [n]
	stepKeyOrIndex                     // .7
)

type jsonStep struct {
	kind  jsonStepKind
	key   string
	index int // negative counts from the end
}

// maxJSONIndex bounds array indexes in paths.
const maxJSONIndex = 1 << 30

// CompileJSONPath compiles path. The error text names the path and the
// problem, for the compiler to report at the path argument's position.
func CompileJSONPath(path string) (JSONPath, error) {
	p := JSONPath{text: path}
	t := strings.TrimSpace(path)
	if t == "" {
		return p, fmt.Errorf("invalid JSON path %s: empty path", Quote(path))
	}
	fail := func(format string, args ...any) (JSONPath, error) {
		return JSONPath{text: path}, fmt.Errorf("invalid JSON path %s: %s", Quote(path), fmt.Sprintf(format, args...))
	}
	switch {
	case t[0] == '$':
		t = t[1:]
	case t[0] != '[' && t[0] != '.':
		t = "." + t
	}
	for t != "" {
		switch t[0] {
		case '.':
			t = t[1:]
			if t != "" && t[0] == '"' {
				key, rest, ok := quotedPathKey(t)
				if !ok {
					return fail("unterminated quoted name")
				}
				p.steps = append(p.steps, jsonStep{kind: stepKey, key: key})
				t = rest
				continue
			}
			end := strings.IndexAny(t, ".[")
			if end < 0 {
				end = len(t)
			}
			name := t[:end]
			switch name {
			case "":
				return fail("empty name after '.'")
			case "*":
				return fail("wildcards are not supported")
			}
			step := jsonStep{kind: stepKey, key: name}
			if n, ok := pathIndex(name); ok {
				step.kind, step.index = stepKeyOrIndex, n
			}
			p.steps = append(p.steps, step)
			t = t[end:]
		case '[':
			t = strings.TrimLeft(t[1:], " ")
			if t != "" && (t[0] == '"' || t[0] == '\'') {
				key, rest, ok := quotedPathKey(t)
				if !ok {
					return fail("unterminated quoted name")
				}
				rest = strings.TrimLeft(rest, " ")
				if rest == "" || rest[0] != ']' {
					return fail("missing ']'")
				}
				p.steps = append(p.steps, jsonStep{kind: stepKey, key: key})
				t = rest[1:]
				continue
			}
			end := strings.IndexByte(t, ']')
			if end < 0 {
				return fail("missing ']'")
			}
			idx := strings.TrimSpace(t[:end])
			neg := strings.HasPrefix(idx, "-")
			n, ok := pathIndex(strings.TrimPrefix(idx, "-"))
			switch {
			case idx == "*":
				return fail("wildcards are not supported")
			case !ok:
				return fail("array index %s is not an integer", Quote(idx))
			case neg && n == 0:
				return fail("array index -0: the last element is -1")
			case neg:
				n = -n
			}
			p.steps = append(p.steps, jsonStep{kind: stepIndex, index: n})
			t = t[end+1:]
		default:
			return fail("unexpected %q; expected '.' or '['", t[0])
		}
	}
	return p, nil
}

// pathIndex parses a non-negative decimal array index.
func pathIndex(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
		if n > maxJSONIndex {
			return 0, false
		}
	}
	return n, true
}

// quotedPathKey reads a name quoted with t[0] (" or '), where a backslash
// makes the next character literal.
func quotedPathKey(t string) (key, rest string, ok bool) {
	q := t[0]
	var b []byte
	for i := 1; i < len(t); i++ {
		switch c := t[i]; c {
		case '\\':
			if i+1 == len(t) {
				return "", "", false
			}
			if b == nil {
				b = append(b, t[1:i]...)
			}
			i++
			b = append(b, t[i])
		case q:
			if b == nil {
				return t[1:i], t[i+1:], true
			}
			return string(b), t[i+1:], true
		default:
			if b != nil {
				b = append(b, c)
			}
		}
	}
	return "", "", false
}

// MustCompileJSONPath is CompileJSONPath for paths the compiler has
// already checked; it panics on an error.
func MustCompileJSONPath(path string) JSONPath {
	p, err := CompileJSONPath(path)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the path as written.
func (p JSONPath) String() string { return p.text }

// JSONPathCache compiles run-time (non-constant) paths and remembers the
// results, errors included. Generated code declares one per call site (a
// package variable: the zero value is ready, and it is safe for concurrent
// use) and turns an error into an error record.
type JSONPathCache struct {
	c compileCache[JSONPath]
}

// Get returns path compiled, as CompileJSONPath.
func (c *JSONPathCache) Get(path string) (JSONPath, error) {
	return c.c.get(path, "", compileJSONPath2)
}

func compileJSONPath2(path, _ string) (JSONPath, error) { return CompileJSONPath(path) }
