package main

// End-to-end tests: build the veloc binary once, run it on SQL files in a
// temporary folder, and check exit codes, standard output and standard
// error as a user sees them.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/velocsql/veloc/parser"
	"github.com/velocsql/veloc/parser/format"
)

// veloc is the path of the binary built by TestMain.
var veloc string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "veloc-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	veloc = filepath.Join(dir, "veloc")
	out, err := exec.Command("go", "build", "-o", veloc, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs the binary in dir with args.
func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runBin(t, veloc, dir, args...)
}

func runBin(t *testing.T, bin, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running veloc %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	r := result{code, stdout.String(), stderr.String()}
	for _, s := range []string{r.stdout, r.stderr} {
		if strings.Contains(s, "panic:") || strings.Contains(s, "goroutine ") {
			t.Fatalf("veloc %s panicked:\n%s", strings.Join(args, " "), s)
		}
	}
	return r
}

// writeFiles creates a temporary folder holding files (name → content).
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	// goodSQL compiles, and is not in canonical form (lower-case keywords).
	goodSQL = "create stream orders (id integer, amount integer) with ('orders.type' = 'file_source', 'orders.path' = 'orders.csv');\n" +
		"create stream out as select id, amount * 2 as double_amount from orders where amount > 10 with ('out.type' = 'stdout_sink');\n"
	// badSQL has a syntax error on line 3, column 23 (the second AND).
	badSQL = "CREATE STREAM picked AS\nSELECT id FROM orders\nWHERE amount > 10 AND AND status = 'open';\n"
)

// canonical is what fmt must print for src: the formatter's output.
func canonical(t *testing.T, src string) string {
	t.Helper()
	f, err := parser.ParseFile("x.sql", []byte(src))
	if err != nil {
		t.Fatalf("test input does not parse: %v", err)
	}
	return string(format.File(f))
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings
		stderr     []string
		noStdout   bool
		exactError string // whole stderr, when set
	}{
		{name: "no args", args: nil, code: 2, stderr: []string{"usage: veloc COMMAND", "check", "fmt"}, noStdout: true},
		{name: "help", args: []string{"help"}, code: 0, stdout: []string{"usage: veloc COMMAND"}},
		{name: "-h", args: []string{"-h"}, code: 0, stdout: []string{"usage: veloc COMMAND"}},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: []string{"usage: veloc COMMAND"}},
		{name: "help fmt", args: []string{"help", "fmt"}, code: 0, stdout: []string{"usage: veloc fmt [-w] [-d] FILE...", "-w", "-d"}},
		{name: "help build", args: []string{"help", "build"}, code: 0, stdout: []string{"usage: veloc build FILE", "static native binary", "-o string"}},
		{name: "help dev kafka", args: []string{"help", "dev", "kafka"}, code: 0, stdout: []string{"usage: veloc dev kafka", "--partitions"}},
		{name: "dev kafka bad partitions", args: []string{"dev", "kafka", "--partitions", "0"}, code: 2, stderr: []string{"--partitions must be at least 1"}},
		{name: "build no file", args: []string{"build"}, code: 2, stderr: []string{"veloc build: want exactly one SQL file"}},
		{name: "run no file", args: []string{"run"}, code: 2, stderr: []string{"veloc run: no SQL file given"}},
		{name: "gen package main", args: []string{"gen", "--package", "main", "a.sql"}, code: 2, stderr: []string{"gen writes a package to import"}},
		{name: "explain bad format", args: []string{"explain", "--format", "xml", "a.sql"}, code: 2, stderr: []string{"--format must be text or json"}},
		{name: "infer two files", args: []string{"infer", "a.csv", "b.csv"}, code: 2, stderr: []string{"want exactly one data file"}},
		{name: "help unknown", args: []string{"help", "frob"}, code: 2, stderr: []string{`unknown command "frob"`}},
		{name: "unknown command", args: []string{"frob"}, code: 2, stderr: []string{`veloc: unknown command "frob"`, "usage: veloc COMMAND"}, noStdout: true},
		{name: "dev alone", args: []string{"dev"}, code: 2, stderr: []string{"did you mean 'veloc dev kafka'"}},
		{name: "check -h", args: []string{"check", "-h"}, code: 0, stdout: []string{"usage: veloc check FILE..."}},
		{name: "check bad flag", args: []string{"check", "-x", "a.sql"}, code: 2, stderr: []string{"veloc check: flag provided but not defined: -x", "usage: veloc check"}},
		{name: "check no files", args: []string{"check"}, code: 2, stderr: []string{"veloc check: no files given"}},
		{name: "fmt no files", args: []string{"fmt", "-w"}, code: 2, stderr: []string{"veloc fmt: no files given"}},
		{name: "fmt bad flag", args: []string{"fmt", "--frob", "a.sql"}, code: 2, stderr: []string{"flag provided but not defined: -frob"}},
		{name: "version args", args: []string{"version", "x"}, code: 2, stderr: []string{"veloc version: takes no arguments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, dir, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			if tt.noStdout && r.stdout != "" {
				t.Errorf("stdout should be empty:\n%s", r.stdout)
			}
		})
	}
}

// TestHelpListsEveryCommand keeps the usage text in step with cli.md.
func TestHelpListsEveryCommand(t *testing.T) {
	r := run(t, t.TempDir(), "help")
	for _, name := range []string{"build", "gen", "run", "check", "explain", "fmt", "infer", "dev kafka", "version"} {
		if !strings.Contains(r.stdout, "  "+name+" ") {
			t.Errorf("help does not list %q:\n%s", name, r.stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	r := run(t, t.TempDir(), "version")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, s := range []string{"veloc devel\n", runtime.Version(), runtime.GOOS + "/" + runtime.GOARCH, "github.com/velocsql/veloc"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("version output lacks %q:\n%s", s, r.stdout)
		}
	}
	t.Run("ldflags", func(t *testing.T) {
		bin := filepath.Join(t.TempDir(), "veloc")
		out, err := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7", "-o", bin, ".").CombinedOutput()
		if err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		r := runBin(t, bin, t.TempDir(), "version")
		if !strings.HasPrefix(r.stdout, "veloc v9.8.7\n") {
			t.Errorf("version output does not start with veloc v9.8.7:\n%s", r.stdout)
		}
	})
}

func TestCheck(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"good.sql":  goodSQL,
		"good2.sql": "CREATE STREAM t (x STRING) WITH ('t.type' = 'file_source', 't.path' = 't.csv');\nSELECT * FROM t;\n",
		"typo.sql":  strings.Replace(goodSQL, "amount > 10", "amont > 10", 1),
		"types.sql": strings.Replace(goodSQL, "amount > 10", "amount > 'ten'", 1),
		"bad.sql":   badSQL,
	})
	wantBad := "bad.sql:3:23: "
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string // substrings, in order
	}{
		{name: "good", args: []string{"check", "good.sql"}, code: 0},
		{name: "two good", args: []string{"check", "good.sql", "good2.sql"}, code: 0},
		{name: "bad", args: []string{"check", "bad.sql"}, code: 1,
			stderr: []string{wantBad, "\nWHERE amount > 10 AND AND status = 'open';", "\n" + strings.Repeat(" ", 22) + "^\n"}},
		{name: "unknown column", args: []string{"check", "typo.sql"}, code: 1,
			stderr: []string{"typo.sql:2:", "amont", "did you mean amount", "\n", "^"}},
		{name: "type mismatch", args: []string{"check", "types.sql"}, code: 1,
			stderr: []string{"types.sql:2:", "CAST"}},
		{name: "good and bad", args: []string{"check", "good.sql", "bad.sql"}, code: 1, stderr: []string{wantBad}},
		{name: "missing", args: []string{"check", "missing.sql"}, code: 1,
			stderr: []string{"veloc check: open missing.sql: no such file or directory\n"}},
		{name: "missing and good", args: []string{"check", "missing.sql", "good.sql"}, code: 1,
			stderr: []string{"veloc check: open missing.sql: no such file or directory\n"}},
		{name: "directory", args: []string{"check", "."}, code: 1, stderr: []string{"veloc check: read .: is a directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, dir, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("check printed to stdout:\n%s", r.stdout)
			}
			if len(tt.stderr) == 0 && r.stderr != "" {
				t.Errorf("check printed to stderr:\n%s", r.stderr)
			}
			rest := r.stderr
			for _, s := range tt.stderr {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("stderr lacks %q (in order):\n%s", s, r.stderr)
				}
				rest = rest[i+len(s):]
			}
		})
	}
}

// TestCheckEveryError checks that one run reports every broken statement.
func TestCheckEveryError(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"two.sql": "SELECT a FROM FROM t;\nSELECT b FROM u;\nSELECT c FROM WHERE;\n",
	})
	r := run(t, dir, "check", "two.sql")
	if r.code != 1 || !strings.Contains(r.stderr, "two.sql:1:") || !strings.Contains(r.stderr, "two.sql:3:") {
		t.Errorf("exit %d; want errors on lines 1 and 3:\n%s", r.code, r.stderr)
	}
}

func TestFmt(t *testing.T) {
	want := canonical(t, goodSQL)
	if want == goodSQL {
		t.Fatalf("goodSQL should not be canonical already")
	}
	t.Run("stdout", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"app.sql": goodSQL})
		r := run(t, dir, "fmt", "app.sql")
		if r.code != 0 || r.stdout != want || r.stderr != "" {
			t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant stdout:\n%s", r.code, r.stdout, r.stderr, want)
		}
		if !strings.Contains(r.stdout, "SELECT") || !strings.Contains(r.stdout, "FROM") {
			t.Errorf("keywords are not upper-case:\n%s", r.stdout)
		}
		if got := readFile(t, dir, "app.sql"); got != goodSQL {
			t.Errorf("fmt without -w changed the file")
		}
	})
	t.Run("idempotent", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"app.sql": want})
		r := run(t, dir, "fmt", "app.sql")
		if r.stdout != want {
			t.Errorf("formatting canonical text changed it:\n%s\nwant:\n%s", r.stdout, want)
		}
	})
	t.Run("-d", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"app.sql": goodSQL, "ok.sql": want})
		r := run(t, dir, "fmt", "-d", "app.sql", "ok.sql")
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		for _, s := range []string{"--- a/app.sql\n+++ b/app.sql\n@@ -1,2 +1,", "\n-create stream out as select"} {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("diff lacks %q:\n%s", s, r.stdout)
			}
		}
		if strings.Contains(r.stdout, "ok.sql") {
			t.Errorf("diff names a file that is already formatted:\n%s", r.stdout)
		}
		if got := readFile(t, dir, "app.sql"); got != goodSQL {
			t.Errorf("fmt -d changed the file")
		}
	})
	t.Run("-w keeps mode", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"app.sql": goodSQL})
		path := filepath.Join(dir, "app.sql")
		if err := os.Chmod(path, 0o600); err != nil {
			t.Fatal(err)
		}
		r := run(t, dir, "fmt", "-w", "app.sql")
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		if got := readFile(t, dir, "app.sql"); got != want {
			t.Errorf("file after -w:\n%s\nwant:\n%s", got, want)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("mode after -w: %v, %v; want 0600", fi.Mode(), err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("-w left files behind: %v", entries)
		}
	})
	t.Run("-w after file, unchanged file untouched", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"app.sql": goodSQL, "ok.sql": want})
		old := time.Now().Add(-time.Hour).Truncate(time.Second)
		if err := os.Chtimes(filepath.Join(dir, "ok.sql"), old, old); err != nil {
			t.Fatal(err)
		}
		r := run(t, dir, "fmt", "app.sql", "ok.sql", "-w")
		if r.code != 0 || r.stdout != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		if got := readFile(t, dir, "app.sql"); got != want {
			t.Errorf("app.sql not rewritten")
		}
		if fi, _ := os.Stat(filepath.Join(dir, "ok.sql")); !fi.ModTime().Equal(old) {
			t.Errorf("an already formatted file was rewritten")
		}
	})
	t.Run("-w through a symlink", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"real.sql": goodSQL})
		if err := os.Symlink("real.sql", filepath.Join(dir, "link.sql")); err != nil {
			t.Skip(err)
		}
		if r := run(t, dir, "fmt", "-w", "link.sql"); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if got := readFile(t, dir, "real.sql"); got != want {
			t.Errorf("the link's target was not rewritten")
		}
		if fi, err := os.Lstat(filepath.Join(dir, "link.sql")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("link.sql is no longer a symlink")
		}
	})
	t.Run("syntax error", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"bad.sql": badSQL, "app.sql": goodSQL})
		for _, flags := range [][]string{nil, {"-w"}, {"-d"}, {"-w", "-d"}} {
			args := append(append([]string{"fmt"}, flags...), "bad.sql", "app.sql")
			r := run(t, dir, args...)
			if r.code != 1 || !strings.Contains(r.stderr, "bad.sql:3:23: ") || !strings.Contains(r.stderr, "^") {
				t.Errorf("%v: exit %d, stderr:\n%s", args, r.code, r.stderr)
			}
			if strings.Contains(r.stdout, "bad.sql") || strings.Contains(r.stdout, "picked") {
				t.Errorf("%v: printed something for the broken file:\n%s", args, r.stdout)
			}
			if got := readFile(t, dir, "bad.sql"); got != badSQL {
				t.Fatalf("%v rewrote a file that does not parse", args)
			}
		}
	})
	t.Run("missing file", func(t *testing.T) {
		r := run(t, t.TempDir(), "fmt", "nope.sql")
		if r.code != 1 || r.stderr != "veloc fmt: open nope.sql: no such file or directory\n" {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReorder covers moving flags in front of file names.
func TestReorder(t *testing.T) {
	cmd := &command{name: "test"}
	tests := []struct {
		args        []string
		flags, rest []string
	}{
		{[]string{"a.sql", "-w"}, []string{"-w"}, []string{"a.sql"}},
		{[]string{"-w", "a.sql", "-d", "b.sql"}, []string{"-w", "-d"}, []string{"a.sql", "b.sql"}},
		{[]string{"a.sql", "-o", "out", "b.sql"}, []string{"-o", "out"}, []string{"a.sql", "b.sql"}},
		{[]string{"-o=out", "a.sql"}, []string{"-o=out"}, []string{"a.sql"}},
		{[]string{"a.sql", "--", "-w"}, nil, []string{"a.sql", "-w"}},
		{[]string{"-", "a.sql"}, nil, []string{"-", "a.sql"}},
	}
	for _, tt := range tests {
		fs := newFlagSet(cmd)
		fs.Bool("w", false, "")
		fs.Bool("d", false, "")
		fs.String("o", "", "")
		flags, rest := reorder(fs, tt.args)
		if fmt.Sprint(flags) != fmt.Sprint(tt.flags) || fmt.Sprint(rest) != fmt.Sprint(tt.rest) {
			t.Errorf("reorder(%q) = %q, %q; want %q, %q", tt.args, flags, rest, tt.flags, tt.rest)
		}
	}
}

// TestQuickstart runs what README.md and examples/quickstart/README.md
// promise: the example checks clean, is already in canonical form, and
// `veloc run app.sql` writes the outputs its README shows.
func TestQuickstart(t *testing.T) {
	cacheEnv(t)
	src := filepath.Join("..", "..", "examples", "quickstart")
	// The binary reads these files, which go test does not see; reading
	// them here makes a change to them invalidate the cached test result.
	dir := t.TempDir()
	for _, name := range []string{"app.sql", "orders.csv"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := run(t, dir, "check", "app.sql"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("veloc check app.sql: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "fmt", "-d", "app.sql"); r.code != 0 || r.stdout != "" {
		t.Errorf("examples/quickstart/app.sql is not in canonical form (run veloc fmt -w on it):\n%s%s", r.stdout, r.stderr)
	}
	r := run(t, dir, "run", "app.sql")
	wantAlerts := `{"order_id":2,"customer":"BOB","total":378.00,"action":"email"}
{"order_id":8,"customer":"BOB","total":1299.00,"action":"call"}
{"order_id":12,"customer":"FRANK","total":2598.00,"action":"call"}
`
	if r.code != 0 || r.stdout != wantAlerts {
		t.Errorf("veloc run app.sql: exit %d, stdout:\n%s\nwant:\n%s\nstderr:\n%s", r.code, r.stdout, wantAlerts, r.stderr)
	}
	wantBig := `order_id,customer,product,total,ordered_at
2,bob,monitor,378.00,2024-03-01T10:00:17.000Z
4,dave,monitor,189.00,2024-03-01T10:00:58.000Z
6,erin,keyboard,149.70,2024-03-01T10:01:21.000Z
8,bob,laptop,1299.00,2024-03-01T10:02:09.000Z
11,erin,monitor,189.00,2024-03-01T10:02:59.000Z
12,frank,laptop,2598.00,2024-03-01T10:03:14.000Z
`
	if got := readFile(t, filepath.Join(dir, "out"), "big_orders.csv"); got != wantBig {
		t.Errorf("out/big_orders.csv:\n%s\nwant:\n%s", got, wantBig)
	}
}

// TestTradingExample runs examples/trading as its README says and
// compares every file it writes with examples/trading/expected.
func TestTradingExample(t *testing.T) {
	cacheEnv(t)
	src := filepath.Join("..", "..", "examples", "trading")
	dir := t.TempDir()
	for _, name := range []string{"app.sql", "instruments.csv", "trades.csv"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := run(t, dir, "fmt", "-d", "app.sql"); r.code != 0 || r.stdout != "" {
		t.Errorf("examples/trading/app.sql is not in canonical form (run veloc fmt -w on it):\n%s%s", r.stdout, r.stderr)
	}
	if r := run(t, dir, "run", "app.sql", "--", "--metrics-addr", ""); r.code != 0 {
		t.Fatalf("veloc run app.sql: exit %d\n%s", r.code, r.stderr)
	}
	expected, err := os.ReadDir(filepath.Join(src, "expected"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range expected {
		want := readFile(t, filepath.Join(src, "expected"), e.Name())
		if got := readFile(t, filepath.Join(dir, "out"), e.Name()); got != want {
			t.Errorf("out/%s:\n%s\nwant:\n%s", e.Name(), got, want)
		}
	}
}
