package config

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
)

// Origin says where a property's value came from.
type Origin int

const (
	Default Origin = iota // the compiled-in default
	Env                   // an environment variable VELOC_<NAME>
	Flag                  // a --set flag
)

// Set is a collection of properties. Define every property and call
// ParseArgs before the program starts its jobs; after that a Set is only
// read and is safe for concurrent use.
type Set struct {
	props map[string]*prop
	// lookupEnv reads the environment; tests replace it.
	lookupEnv func(string) (string, bool)
}

type prop struct {
	name, def, help string
	flag            string
	hasFlag         bool
}

// NewSet returns an empty Set reading the process environment.
func NewSet() *Set {
	return &Set{props: map[string]*prop{}, lookupEnv: os.LookupEnv}
}

// Define adds a property with its compiled-in default and a one-line help
// text. Defining a name again replaces its default and help.
func (s *Set) Define(name, defaultValue, help string) {
	if p, ok := s.props[name]; ok {
		p.def, p.help = defaultValue, help
		return
	}
	s.props[name] = &prop{name: name, def: defaultValue, help: help}
}

// EnvName returns the environment variable that overrides a property:
// "trades.bootstrap.servers" → "VELOC_TRADES_BOOTSTRAP_SERVERS".
func EnvName(name string) string {
	b := make([]byte, 0, len("VELOC_")+len(name))
	b = append(b, "VELOC_"...)
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '.' || c == '-':
			c = '_'
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// UsageError is a bad command line or configuration: the program should
// print it and exit with status 2 (runtime.md).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// ExitCode returns 2.
func (e *UsageError) ExitCode() int { return 2 }

// ParseArgs takes the --set flags out of args and returns the other
// arguments in order. It accepts "--set name=value", "--set=name=value"
// and the one-dash forms; a later --set of the same property wins. At "--"
// it stops, returning "--" and everything after it untouched. An unknown
// property, or a --set without "name=", is a *UsageError (with a "did you
// mean" suggestion for a misspelt name).
func (s *Set) ParseArgs(args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		var kv string
		switch {
		case a == "--":
			return append(rest, args[i:]...), nil
		case a == "--set" || a == "-set":
			if i+1 >= len(args) {
				return nil, &UsageError{Msg: a + " needs an argument: " + a + " name=value"}
			}
			i++
			kv = args[i]
		case strings.HasPrefix(a, "--set="):
			kv = a[len("--set="):]
		case strings.HasPrefix(a, "-set="):
			kv = a[len("-set="):]
		default:
			rest = append(rest, a)
			continue
		}
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return nil, &UsageError{Msg: fmt.Sprintf("--set %q: want name=value", kv)}
		}
		p, ok := s.props[name]
		if !ok {
			return nil, &UsageError{Msg: s.unknown(name)}
		}
		p.flag, p.hasFlag = value, true
	}
	return rest, nil
}

// unknown returns the message for an unknown property name.
func (s *Set) unknown(name string) string {
	msg := fmt.Sprintf("unknown property %q", name)
	if best := s.suggest(name); best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return msg
}

// suggest returns the defined name closest to name by edit distance, if it
// is close enough to be a plausible typo.
func (s *Set) suggest(name string) string {
	best, bestD := "", -1
	for _, n := range s.names() {
		d := editDistance(name, n)
		if bestD < 0 || d < bestD {
			best, bestD = n, d
		}
	}
	if bestD < 0 || bestD > max(2, len(name)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (s *Set) names() []string {
	names := make([]string, 0, len(s.props))
	for n := range s.props {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns a property's resolved value (flag, else environment, else
// default, then with ${VAR} expanded) and where it came from. ok is false
// for a property that was never defined.
func (s *Set) Lookup(name string) (value string, origin Origin, ok bool) {
	p, ok := s.props[name]
	if !ok {
		return "", Default, false
	}
	switch {
	case p.hasFlag:
		value, origin = p.flag, Flag
	default:
		if v, ok := s.lookupEnv(EnvName(name)); ok {
			value, origin = v, Env
		} else {
			value, origin = p.def, Default
		}
	}
	return s.expand(value), origin, true
}

// Get returns a property's resolved value, or "" for an undefined property.
func (s *Set) Get(name string) string {
	v, _, _ := s.Lookup(name)
	return v
}

// Help writes every property, sorted by name, with its default, the
// environment variable that overrides it, and its help text.
func (s *Set) Help(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, n := range s.names() {
		p := s.props[n]
		fmt.Fprintf(tw, "  %s\tdefault %q\t%s\t%s\n", n, p.def, EnvName(n), p.help)
	}
	return tw.Flush()
}
