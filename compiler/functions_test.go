package compiler

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// specFunctions reads the function names of dialect.md's Functions section:
// every upper-case name in backticks that is called (`NAME(`) or stands
// alone (`CURRENT_DATE`). It returns the scalar functions and the
// aggregates (the paragraph that starts "Aggregates") separately.
func specFunctions(t *testing.T) (scalar, aggregate []string) {
	t.Helper()
	dir := os.Getenv("VELOC_SPEC_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "spec")
	}
	b, err := os.ReadFile(filepath.Join(dir, "dialect.md"))
	if err != nil {
		t.Fatalf("the spec is needed beside the repository (or set VELOC_SPEC_DIR): %v", err)
	}
	text := string(b)
	start := strings.Index(text, "\n## Functions")
	end := strings.Index(text[start+1:], "\n## ")
	if start < 0 || end < 0 {
		t.Fatal("dialect.md has no Functions section")
	}
	section := text[start : start+1+end]
	code := regexp.MustCompile("`([^`]*)`")
	called := regexp.MustCompile(`\b([A-Z][A-Z0-9_]+)\s*\(`)
	alone := regexp.MustCompile(`^[A-Z][A-Z0-9_]+$`)
	// Words in backticks that are syntax, not functions.
	syntax := map[string]bool{"CASE": true, "CAST": true, "TRY_CAST": true, "EXTRACT": true, "DISTINCT": true,
		"NULL": true, "TRUE": true, "FALSE": true, "GROUP": true, "WITHIN": true, "ORDER": true, "BY": true,
		// TIMESTAMP() and TIMESTAMP(x) are the _timestamp column and a CAST,
		// which the checker handles before looking functions up.
		"TIMESTAMP": true}
	seen := map[string]bool{}
	for _, para := range strings.Split(section, "\n\n") {
		isAgg := strings.HasPrefix(strings.TrimSpace(para), "Aggregates")
		for _, m := range code.FindAllStringSubmatch(para, -1) {
			var names []string
			for _, c := range called.FindAllStringSubmatch(m[1], -1) {
				names = append(names, c[1])
			}
			if alone.MatchString(m[1]) {
				names = append(names, m[1])
			}
			for _, n := range names {
				if syntax[n] || seen[n] {
					continue
				}
				seen[n] = true
				if isAgg {
					aggregate = append(aggregate, n)
				} else {
					scalar = append(scalar, n)
				}
			}
		}
	}
	sort.Strings(scalar)
	sort.Strings(aggregate)
	return scalar, aggregate
}

// TestSpecFunctionsRegistered enumerates dialect.md's function list
// against the registry: every scalar function is registered (or, until
// the function-library issue lands, explicitly planned), and every
// aggregate is known to the checker.
func TestSpecFunctionsRegistered(t *testing.T) {
	scalar, aggregate := specFunctions(t)
	if len(scalar) < 60 || len(aggregate) < 25 {
		t.Fatalf("read only %d scalar functions and %d aggregates from dialect.md; has its format changed?\n%v\n%v",
			len(scalar), len(aggregate), scalar, aggregate)
	}
	for _, n := range scalar {
		if _, ok := LookupFunction(n); !ok {
			t.Errorf("dialect.md lists %s, which is not in the function registry (compiler/functions.go)", n)
		}
	}
	for _, n := range aggregate {
		if !aggregates[n] {
			t.Errorf("dialect.md lists the aggregate %s, which the checker does not know (compiler/check.go)", n)
		}
	}
}

// TestRegistryConsistent checks each registry entry: a typing rule, sane
// argument counts, and aliases that lead back to it.
func TestRegistryConsistent(t *testing.T) {
	for _, f := range Functions() {
		if f.Sig == nil {
			t.Errorf("%s has no Sig", f.Name)
		}
		if f.MinArgs < 0 || f.MaxArgs >= 0 && f.MaxArgs < f.MinArgs {
			t.Errorf("%s takes %d to %d arguments", f.Name, f.MinArgs, f.MaxArgs)
		}
		for _, a := range append([]string{f.Name}, f.Aliases...) {
			if g, ok := LookupFunction(strings.ToLower(a)); !ok || g != f {
				t.Errorf("%s does not find %s", a, f.Name)
			}
			if aggregates[a] || windowFunctions[a] {
				t.Errorf("%s is both a scalar function and an aggregate or window function", a)
			}
		}
	}
}

// TestFunctionErrors checks the positioned compile errors of function
// calls: argument counts and types, and constant units, formats, patterns
// and paths checked with the runtime's own parsers.
func TestFunctionErrors(t *testing.T) {
	tests := []struct {
		expr, want string
	}{
		{"LEFT(customer)", "3:29: LEFT takes 2 arguments, got 1"},
		{"LEFT(qty, 2)", "LEFT: argument 1 must be STRING, not INTEGER"},
		{"EXTRACT(FORTNIGHT FROM ts)", `unknown unit "FORTNIGHT"`},
		{"EXTRACT(YEAR FROM customer)", "argument 2 must be a TIMESTAMP (or INTEGER epoch milliseconds, or DATE), not STRING"},
		{"DATEDIFF(eon, ts, ts)", `DATEDIFF: unknown unit "eon"`},
		{"DATEDIFF(customer, ts, ts)", `unknown unit "customer"`},
		{"DATE_TRUNC(customer || 'x', ts)", "the unit must be a constant"},
		{"DATE_FORMAT(ts, '%Q')", "DATE_FORMAT: "},
		{"TUMBLE_START(ts, 5)", "the window size must be an INTERVAL constant"},
		{"REGEXP(customer, 'a(')", "REGEXP: invalid regular expression"},
		{"REGEXP_REPLACE(customer, 'a', 'b', 'q')", "unknown regular expression flag"},
		{"REGEXP_REPLACE(customer, 'a', 'b', customer)", "the flags must be a constant"},
		{"REGEXP_EXTRACT(customer, '(a)', 2)", "REGEXP_EXTRACT: "},
		{"JSON_VALUE(customer, '$[')", "JSON_VALUE: invalid JSON path"},
		{"JSON_VALUE(qty, '$.a')", "argument 1 must be a STRING"},
		{"ROUND(amount, qty)", "the digits argument must be an integer constant"},
		{"SIGN(customer)", "SIGN: argument 1 must be a number"},
		{"NOW(1)", "NOW takes 0 arguments, got 1"},
		// Arrays and maps.
		{"SPLIT(qty, ',')", "SPLIT: argument 1 must be STRING, not INTEGER"},
		{"ARRAY(1, customer)", "ARRAY: argument 2 is STRING, which does not mix with INTEGER; use CAST"},
		{"ARRAY(1, qty)", "ARRAY: argument 2 may be NULL, and array elements cannot be NULL; use COALESCE"},
		{"ARRAY(1, NULL)", "argument 2 may be NULL"},
		{"ARRAY(SPLIT('a', ','))", "ARRAY: argument 1 is ARRAY<STRING>; array elements must be scalars"},
		{"ARRAY_LENGTH(customer)", "ARRAY_LENGTH: argument 1 must be an ARRAY, not STRING"},
		{"ARRAY_LENGTH(NULL)", "ARRAY_LENGTH: argument 1 must be an ARRAY, not NULL"},
		{"ARRAY_CONTAINS(ARRAY(1, 2), 'x')", "ARRAY_CONTAINS: cannot look for STRING in ARRAY<INTEGER>"},
		{"ARRAY_CONTAINS(ARRAY(1, 2), ARRAY(1))", "argument 2 is ARRAY<INTEGER>; only scalars can be looked for"},
		{"MAP('a', 1, 'b')", "MAP: takes key, value pairs, got 3 arguments"},
		{"MAP(1, 1)", "MAP: argument 1 is a key and must be STRING, not INTEGER"},
		{"MAP(customer, 1)", "argument 1 may be NULL, and map keys cannot be NULL"},
		{"MAP('a', qty)", "MAP: argument 2 may be NULL, and map values cannot be NULL"},
		{"MAP_KEYS(ARRAY(1))", "MAP_KEYS: argument 1 must be a MAP, not ARRAY<INTEGER>"},
		{"customer[1]", "3:29: [] indexes arrays, and this is STRING"},
		{"MAP('a', 1)[1]", "[] indexes arrays, and this is MAP<STRING,INTEGER>; use MAP_VALUES or MAP_KEYS"},
		{"SPLIT(customer, ',')['x']", "the index must be INTEGER, not STRING"},
		{"SPLIT(customer, ',') = SPLIT(customer, ',')", "cannot compare ARRAY<STRING> with ARRAY<STRING>"},
		{"SPLIT(customer, ',') < ARRAY('a')", "cannot compare"},
		{"SPLIT(customer, ',') IN (ARRAY('a'))", "IN compares scalars, and SPLIT(customer, ',') is ARRAY<STRING>"},
		{"SPLIT(customer, ',') || 'x'", "|| joins strings"},
		{"NULLIF(ARRAY(1), ARRAY(1))", "NULLIF: argument 1 must be a scalar, not ARRAY<INTEGER>"},
		{"GREATEST(ARRAY(1), ARRAY(2))", "GREATEST: argument 1 must be a scalar"},
		{"CASE SPLIT(customer, ',') WHEN ARRAY('a') THEN 1 END", "cannot compare ARRAY<STRING> with ARRAY<STRING>"},
		{"SPLIT(customer, ',') LIKE 'a%'", "LIKE"},
		{"UPPER(SPLIT(customer, ','))", "UPPER: argument 1 must be STRING, not ARRAY<STRING>"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := compile(t, job("SELECT "+tt.expr+" AS x FROM orders"))
			if err == nil {
				t.Fatalf("compiled; want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}
