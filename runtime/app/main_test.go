package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runMain runs MainWith in dir, returning the exit status and output.
func runMain(t *testing.T, p *Program, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = MainWith(p, args, Options{Stdout: &out, Stderr: &errb, MetricsAddr: testMetricsAddr})
	return code, out.String(), errb.String()
}

func TestMainFlags(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		code       int
		stdout     []string // substrings of stdout
		stderr     []string // substrings of stderr
		stderrOnly bool     // stderr must be exactly one line
	}{
		{name: "help", args: []string{"--help"}, code: 0, stdout: []string{
			"query", "picked", "sources: orders", "sinks: picked",
			"orders.path", `default "orders.csv"`, "VELOC_ORDERS_PATH", "file or glob to read",
			"picked.error.policy", `default "skip"`, "picked.dlq",
			"--metrics-addr", "/readyz", "--ready-max-lag", "--shutdown-timeout", "--set name=value",
			"Compiled in (rebuild to change):", `orders.format = "csv"`,
		}},
		{name: "short help", args: []string{"-h"}, code: 0, stdout: []string{"sources: orders"}},
		{name: "version", args: []string{"--version"}, code: 0, stdout: []string{"veloc v0.1.0", "sql: ab12cd"}},
		{name: "unknown flag", args: []string{"--frobnicate"}, code: 2, stderrOnly: true,
			stderr: []string{"veloc: ", "frobnicate"}},
		{name: "bad log level", args: []string{"--log-level", "loud"}, code: 2, stderrOnly: true,
			stderr: []string{"log-level", "want debug, info, warn or error"}},
		{name: "bad log format", args: []string{"--log-format=xml"}, code: 2, stderrOnly: true,
			stderr: []string{"log-format", "want text or json"}},
		{name: "bad duration", args: []string{"--shutdown-timeout", "soon"}, code: 2, stderrOnly: true,
			stderr: []string{"shutdown-timeout"}},
		{name: "bad ready lag", args: []string{"--ready-max-lag", "-1"}, code: 2, stderrOnly: true,
			stderr: []string{"--ready-max-lag", "want a number of records, 0 or more"}},
		{name: "stray argument", args: []string{"orders.csv"}, code: 2, stderrOnly: true,
			stderr: []string{`unexpected argument "orders.csv"`}},
		{name: "unknown property", args: []string{"--set", "ordrs.path=x.csv"}, code: 2, stderrOnly: true,
			stderr: []string{`unknown property "ordrs.path"`, `did you mean "orders.path"`}},
		{name: "set without value", args: []string{"--set", "orders.path"}, code: 2, stderrOnly: true,
			stderr: []string{"want name=value"}},
		{name: "bad choice", args: []string{"--set", "picked.error.policy=drop"}, code: 2, stderrOnly: true,
			stderr: []string{"veloc: job picked: ", `"picked.error.policy" (from --set)`, `invalid value "drop"`, "skip, dlq or fail"}},
		{name: "bad boolean", args: []string{"--set=picked.append=maybe"}, code: 2, stderrOnly: true,
			stderr: []string{"job picked", `"picked.append"`, `invalid boolean "maybe"`}},
		{name: "required empty", args: []string{"--set", "orders.path="}, code: 2, stderrOnly: true,
			stderr: []string{"job picked", `"orders.path"`, "required"}},
		{name: "fixed property", args: []string{"--set", "orders.format=json"}, code: 2, stderrOnly: true,
			stderr: []string{"property orders.format is compiled in; rebuild to change it"}},
		{name: "fixed property from environment", env: map[string]string{"VELOC_ORDERS_FORMAT": "json"}, code: 2, stderrOnly: true,
			stderr: []string{"property orders.format is compiled in; rebuild to change it", "VELOC_ORDERS_FORMAT"}},
		{name: "bad value in environment", env: map[string]string{"VELOC_PICKED_APPEND": "sometimes"}, code: 2, stderrOnly: true,
			stderr: []string{"job picked", "environment variable VELOC_PICKED_APPEND", `"sometimes"`}},
		{name: "dlq without file", args: []string{"--set", "picked.error.policy=dlq"}, code: 2, stderrOnly: true,
			stderr: []string{"job picked", `"picked.dlq"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runMain(t, pickedProgram(), tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if tt.stderrOnly && strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr is not one line:\n%s", stderr)
			}
			if tt.code == 0 && stderr != "" {
				t.Errorf("unexpected stderr:\n%s", stderr)
			}
		})
	}
}

func TestMainRunsJob(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "orders.csv")
	out := filepath.Join(dir, "out", "sub", "picked.csv")
	writeFile(t, in, "id,item,qty\n1,bolt,3\n2,nut,1\n3,\"gear, large\",2\n")
	code, stdout, stderr := runMain(t, pickedProgram(), "--set", "orders.path="+in, "--set", "picked.path="+out, "--log-format", "json")
	if code != 0 {
		t.Fatalf("exit status %d\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout: %q", stdout)
	}
	if got, want := readFile(t, out), "id,item,qty\n1,bolt,3\n3,\"gear, large\",2\n"; got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	// The summary line, in JSON because of --log-format.
	for _, s := range []string{`"msg":"job finished"`, `"job":"picked"`, `"records_in":3`, `"records_out":2`, `"failed":0`} {
		if !strings.Contains(stderr, s) {
			t.Errorf("log lacks %s:\n%s", s, stderr)
		}
	}
}

func TestMainQuietAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "orders.csv")
	writeFile(t, in, "id;item;qty\n1;bolt;3\n")
	t.Setenv("VELOC_ORDERS_PATH", in)
	t.Setenv("VELOC_ORDERS_DELIMITER", ";")
	t.Setenv("OUT_DIR", dir)
	// ${VAR} in a --set value is expanded; --quiet hides the summary.
	code, _, stderr := runMain(t, pickedProgram(), "--set", "picked.path=${OUT_DIR}/p.csv", "--quiet")
	if code != 0 || stderr != "" {
		t.Fatalf("exit status %d, stderr %q", code, stderr)
	}
	if got := readFile(t, filepath.Join(dir, "p.csv")); got != "id,item,qty\n1,bolt,3\n" {
		t.Errorf("output %q", got)
	}
}

func TestMainMissingInput(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runMain(t, pickedProgram(), "--quiet",
		"--set", "orders.path="+filepath.Join(dir, "no_such_orders.csv"), "--set", "picked.path="+filepath.Join(dir, "p.csv"))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.HasPrefix(stderr, "veloc: job picked: ") || !strings.Contains(stderr, "no_such_orders.csv") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr is not one line naming the job and the file:\n%s", stderr)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
