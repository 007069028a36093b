package golden_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/velocsql/veloc/golden"
)

// TestConformance builds veloc, runs the end-to-end cases of
// ../shared/conformance with their runner, and compares the outcome with
// golden/conformance.xfail, the list of cases known to fail:
//
//   - a case that fails and is not on the list fails the test;
//   - a case on the list that passes fails the test too: take it off the
//     list (a passing case never goes back on it);
//   - a name on the list that is not a case fails the test.
//
// The cases live at $VELOC_CONFORMANCE_DIR, else at ../shared/conformance
// beside the repository. When they cannot be found the test fails; set
// VELOC_SKIP_CONFORMANCE=1 to skip it on purpose.
func TestConformance(t *testing.T) {
	if os.Getenv("VELOC_SKIP_CONFORMANCE") == "1" {
		t.Skip("VELOC_SKIP_CONFORMANCE=1")
	}
	root := filepath.Dir(golden.Dir())
	dir := os.Getenv("VELOC_CONFORMANCE_DIR")
	if dir == "" {
		dir = filepath.Join(root, "..", "shared", "conformance")
	}
	runner := filepath.Join(dir, "run")
	if _, err := os.Stat(runner); err != nil {
		t.Fatalf("conformance runner not found (%v): put the shared folder beside the repository, "+
			"set VELOC_CONFORMANCE_DIR to the conformance folder, or set VELOC_SKIP_CONFORMANCE=1 to skip", err)
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 runs the conformance runner: %v (apt-get install python3)", err)
	}
	cases, err := findCases(filepath.Join(dir, "cases"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no conformance cases under %s (%v)", dir, err)
	}
	xfail, err := readXFail(filepath.Join(golden.Dir(), "conformance.xfail"))
	if err != nil {
		t.Fatal(err)
	}
	if err := statInputs(root, dir); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	if deadline, ok := t.Deadline(); ok {
		ctx, cancel = context.WithDeadline(context.Background(), deadline.Add(-30*time.Second))
	}
	defer cancel()

	bin := filepath.Join(t.TempDir(), "veloc")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/veloc")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/veloc: %v\n%s", err, out)
	}

	// Kafka cases need `veloc dev kafka`; when it exits at once, the runner
	// would wait 30 s per case for it to listen. Count those cases as
	// failed with its message instead, so an all-failing run stays fast.
	results := map[string]result{}
	var paths []string
	reason := kafkaUnavailable(ctx, bin)
	for _, c := range cases {
		if c.kafka && reason != "" {
			results[c.name] = result{pass: false, reason: reason + " (case not run)"}
			continue
		}
		paths = append(paths, c.path)
	}
	if reason != "" {
		t.Logf("veloc dev kafka is not usable, so the Kafka cases were not run: %s", reason)
	}

	var output, summary string
	if len(paths) > 0 {
		cmd := exec.CommandContext(ctx, python, append([]string{runner, bin}, paths...)...)
		cmd.WaitDelay = 10 * time.Second
		out, err := cmd.CombinedOutput()
		output = string(out)
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
			t.Fatalf("conformance runner: %v\n%s", err, output)
		}
		var ran map[string]result
		ran, summary = parseRunnerOutput(output)
		if summary == "" {
			t.Fatalf("the conformance runner printed no summary line:\n%s", output)
		}
		for name, r := range ran {
			results[name] = r
		}
	}
	t.Log(summary)
	if reason != "" {
		t.Logf("plus %d Kafka cases counted as failed without running", len(cases)-len(paths))
	}

	problems := compare(cases, results, xfail, dir)
	if len(problems) > 0 {
		t.Logf("runner output:\n%s", output)
		for _, p := range problems {
			t.Error(p)
		}
	}
}

// compare returns what is wrong with the results given the xfail list,
// sorted: unexpected failures, listed cases that pass, listed names that
// are not cases, and cases the runner did not report.
func compare(cases []confCase, results map[string]result, xfail map[string]bool, dir string) []string {
	var problems []string
	known := map[string]bool{}
	for _, c := range cases {
		known[c.name] = true
		r, ok := results[c.name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: the runner did not report this case", c.name))
		case !r.pass && !xfail[c.name]:
			problems = append(problems, fmt.Sprintf("%s failed: %s", c.name, r.reason))
		case r.pass && xfail[c.name]:
			problems = append(problems, fmt.Sprintf("%s passes: remove it from golden/conformance.xfail "+
				"(a passing case never goes back on the list)", c.name))
		}
	}
	for name := range xfail {
		if !known[name] {
			problems = append(problems, fmt.Sprintf("golden/conformance.xfail names %s, which is not a case under %s", name, dir))
		}
	}
	sort.Strings(problems)
	return problems
}

func TestCompare(t *testing.T) {
	cases := []confCase{{name: "a/1"}, {name: "a/2"}, {name: "a/3"}, {name: "a/4"}}
	tests := []struct {
		name    string
		results map[string]result
		xfail   []string
		want    []string
	}{
		{
			name:    "as expected",
			results: map[string]result{"a/1": {pass: true}, "a/2": {reason: "boom"}, "a/3": {pass: true}, "a/4": {reason: "x"}},
			xfail:   []string{"a/2", "a/4"},
		},
		{
			name:    "unexpected failure",
			results: map[string]result{"a/1": {reason: "wrong row"}, "a/2": {pass: true}, "a/3": {pass: true}, "a/4": {pass: true}},
			want:    []string{"a/1 failed: wrong row"},
		},
		{
			name:    "listed case passes",
			results: map[string]result{"a/1": {pass: true}, "a/2": {pass: true}, "a/3": {pass: true}, "a/4": {pass: true}},
			xfail:   []string{"a/3"},
			want:    []string{"a/3 passes: remove it from golden/conformance.xfail (a passing case never goes back on the list)"},
		},
		{
			name:    "unknown name and unreported case",
			results: map[string]result{"a/1": {pass: true}, "a/2": {pass: true}, "a/3": {pass: true}},
			xfail:   []string{"b/9"},
			want: []string{
				"a/4: the runner did not report this case",
				"golden/conformance.xfail names b/9, which is not a case under DIR",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			xfail := map[string]bool{}
			for _, n := range tt.xfail {
				xfail[n] = true
			}
			got := compare(cases, tt.results, xfail, "DIR")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// statInputs looks at every file the outcome depends on but the test
// binary does not import: the module's sources (the veloc binary is built
// from them) and the conformance folder. `go test` caches a result keyed on
// the files a test opened or stat'ed, so without this a cached PASS could
// hide a change in the compiler or in the cases.
func statInputs(root, conf string) error {
	for _, top := range []string{root, conf} {
		err := filepath.WalkDir(top, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); path != top && (strings.HasPrefix(name, ".") || name == "bin") {
					return filepath.SkipDir
				}
				return nil
			}
			_, err = os.Stat(path)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// confCase is one conformance case folder.
type confCase struct {
	name  string // "01-basics/03-where-logic": its path under cases/
	path  string
	kafka bool // case.json has a "kafka" section
}

// findCases lists the folders under dir holding a query.sql, in the order
// the runner walks them.
func findCases(dir string) ([]confCase, error) {
	var cases []confCase
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if _, err := os.Stat(filepath.Join(path, "query.sql")); err != nil {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		c := confCase{name: filepath.ToSlash(rel), path: path}
		if b, err := os.ReadFile(filepath.Join(path, "case.json")); err == nil {
			var spec map[string]json.RawMessage
			if err := json.Unmarshal(b, &spec); err != nil {
				return fmt.Errorf("%s: %v", filepath.Join(path, "case.json"), err)
			}
			_, c.kafka = spec["kafka"]
		}
		cases = append(cases, c)
		return filepath.SkipDir
	})
	return cases, err
}

// readXFail reads the xfail list: one case name a line, `#` starts a
// comment. A name listed twice is an error.
func readXFail(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if names[line] {
			return nil, fmt.Errorf("%s:%d: %s is listed twice", path, n, line)
		}
		names[line] = true
	}
	return names, nil
}

// kafkaUnavailable starts `veloc dev kafka` on a spare port and returns why
// it cannot serve the Kafka cases when it exits within two seconds, or ""
// when it keeps running (it is then stopped again).
func kafkaUnavailable(ctx context.Context, bin string) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err.Error()
	}
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "dev", "kafka", "--port", port)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return err.Error()
	}
	err = cmd.Wait()
	if ctx.Err() != nil {
		return "" // still running after two seconds: a broker
	}
	return fmt.Sprintf("veloc dev kafka exited at once (%v): %s", err, strings.TrimSpace(out.String()))
}

// result is the runner's verdict on one case.
type result struct {
	pass   bool
	reason string // why it failed
}

var resultLine = regexp.MustCompile(`^(PASS|FAIL) (\S+) \([0-9.]+s\)(?:: (.*))?$`)

// parseRunnerOutput reads the runner's `PASS name (1.0s)` and
// `FAIL name (1.0s): reason` lines (a reason may go on over the following
// lines) and its last line, `conformance: N passed, M failed`. Names are
// returned relative to cases/.
func parseRunnerOutput(out string) (results map[string]result, summary string) {
	results = map[string]result{}
	var last string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "conformance: ") {
			summary = line
			last = ""
			continue
		}
		m := resultLine.FindStringSubmatch(line)
		if m == nil {
			if last != "" && line != "" {
				r := results[last]
				r.reason += "\n" + line
				results[last] = r
			}
			continue
		}
		last = strings.TrimPrefix(m[2], "cases/")
		results[last] = result{pass: m[1] == "PASS", reason: m[3]}
	}
	return results, summary
}

func TestParseRunnerOutput(t *testing.T) {
	out := "PASS cases/01-basics/01-passthrough-csv (0.5s)\n" +
		"FAIL cases/01-basics/02-passthrough-jsonl (0.1s): exit status 2:\n" +
		"veloc run: not available yet\n" +
		"FAIL cases/09-kafka/01-json-filter (0.0s): kcat is not installed (apt-get install kcat)\n" +
		"conformance: 1 passed, 2 failed\n"
	got, summary := parseRunnerOutput(out)
	if summary != "conformance: 1 passed, 2 failed" {
		t.Errorf("summary %q", summary)
	}
	want := map[string]result{
		"01-basics/01-passthrough-csv":   {pass: true},
		"01-basics/02-passthrough-jsonl": {reason: "exit status 2:\nveloc run: not available yet"},
		"09-kafka/01-json-filter":        {reason: "kcat is not installed (apt-get install kcat)"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}
