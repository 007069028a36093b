package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func newTestSet(env map[string]string) *Set {
	s := NewSet()
	s.lookupEnv = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	s.Define("trades.bootstrap.servers", "localhost:9092", "Kafka brokers of source trades")
	s.Define("trades.path", "data/trades.csv", "input file")
	s.Define("job-1.error.policy", "skip", "what to do with error records")
	s.Define("out.append", "false", "append to the sink")
	s.Define("trades.connect.timeout", "30s", "how long to wait for brokers")
	s.Define("out.batch", "1000", "records per batch")
	return s
}

func TestResolution(t *testing.T) {
	s := newTestSet(map[string]string{
		"VELOC_TRADES_BOOTSTRAP_SERVERS": "env:9092",
		"VELOC_TRADES_PATH":              "env.csv",
		"VELOC_JOB_1_ERROR_POLICY":       "dlq",
	})
	rest, err := s.ParseArgs([]string{"-v", "--set", "trades.path=flag.csv", "x", "--set=out.append=true", "-set", "trades.path=last.csv", "--", "--set", "a=b"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rest, " ") != "-v x -- --set a=b" {
		t.Errorf("rest = %q", rest)
	}
	tests := []struct {
		name, want string
		origin     Origin
	}{
		{"trades.path", "last.csv", Flag},
		{"trades.bootstrap.servers", "env:9092", Env},
		{"job-1.error.policy", "dlq", Env},
		{"out.append", "true", Flag},
		{"out.batch", "1000", Default},
	}
	for _, tt := range tests {
		v, o, ok := s.Lookup(tt.name)
		if !ok || v != tt.want || o != tt.origin {
			t.Errorf("Lookup(%q) = %q, %v, %v; want %q, %v", tt.name, v, o, ok, tt.want, tt.origin)
		}
		if got := s.Get(tt.name); got != tt.want {
			t.Errorf("Get(%q) = %q", tt.name, got)
		}
	}
	if s.Get("nope") != "" {
		t.Error("Get of an undefined property")
	}
}

func TestEnvName(t *testing.T) {
	for in, want := range map[string]string{
		"trades.bootstrap.servers": "VELOC_TRADES_BOOTSTRAP_SERVERS",
		"job-1.error.policy":       "VELOC_JOB_1_ERROR_POLICY",
		"Already_Upper":            "VELOC_ALREADY_UPPER",
	} {
		if got := EnvName(in); got != want {
			t.Errorf("EnvName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseArgsErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--set", "trades.pth=x"}, `unknown property "trades.pth" (did you mean "trades.path"?)`},
		{[]string{"--set=trades.bootstrap.server=x"}, `unknown property "trades.bootstrap.server" (did you mean "trades.bootstrap.servers"?)`},
		{[]string{"--set", "completely.different=x"}, `unknown property "completely.different"`},
		{[]string{"--set"}, "--set needs an argument"},
		{[]string{"--set", "novalue"}, `--set "novalue": want name=value`},
		{[]string{"--set", "=x"}, `--set "=x": want name=value`},
	}
	for _, tt := range tests {
		s := newTestSet(nil)
		_, err := s.ParseArgs(tt.args)
		var ue *UsageError
		if !errors.As(err, &ue) || ue.ExitCode() != 2 || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseArgs(%q) = %v, want %q", tt.args, err, tt.want)
		}
		if strings.Contains(tt.want, "different") && strings.Contains(err.Error(), "did you mean") {
			t.Errorf("ParseArgs(%q) suggests a far name: %v", tt.args, err)
		}
	}
	// A value may contain '='.
	s := newTestSet(nil)
	if _, err := s.ParseArgs([]string{"--set", "trades.path=a=b"}); err != nil || s.Get("trades.path") != "a=b" {
		t.Errorf("value with '=': %q, %v", s.Get("trades.path"), err)
	}
}

func TestExpand(t *testing.T) {
	s := newTestSet(map[string]string{"HOST": "kafka", "EMPTY": "", "VELOC_TRADES_PATH": "${DIR:/data}/t.csv"})
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"${HOST}:9092", "kafka:9092"},
		{"${MISSING}x", "x"},
		{"${MISSING:localhost}:9092", "localhost:9092"},
		{"${HOST:other}", "kafka"},
		{"${EMPTY:fallback}", "fallback"},
		{"${EMPTY}", ""},
		{"${MISSING:}", ""},
		{"a${HOST}b${HOST}c", "akafkabkafkac"},
		{"$${HOST}", "${HOST}"},
		{"$HOST", "$HOST"},
		{"${HOST", "${HOST"},
		{"${A:b:c}", "b:c"},
		{"cost $5", "cost $5"},
	}
	for _, tt := range tests {
		if got := s.expand(tt.in); got != tt.want {
			t.Errorf("expand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Values from every origin are expanded.
	if got := s.Get("trades.path"); got != "/data/t.csv" {
		t.Errorf("env value not expanded: %q", got)
	}
	s.Define("x", "${HOST}", "")
	if got := s.Get("x"); got != "kafka" {
		t.Errorf("default not expanded: %q", got)
	}
}

func TestTyped(t *testing.T) {
	s := newTestSet(map[string]string{"VELOC_OUT_BATCH": "lots"})
	if _, err := s.ParseArgs([]string{"--set", "out.append=YES", "--set", "trades.connect.timeout=1d"}); err != nil {
		t.Fatal(err)
	}
	if b, err := s.Bool("out.append"); err != nil || !b {
		t.Errorf("Bool = %v, %v", b, err)
	}
	if d, err := s.Duration("trades.connect.timeout"); err != nil || d != 24*time.Hour {
		t.Errorf("Duration = %v, %v", d, err)
	}
	_, err := s.Int("out.batch")
	if err == nil || err.Error() != `property "out.batch" (from environment variable VELOC_OUT_BATCH): invalid integer "lots"` {
		t.Errorf("Int error: %v", err)
	}
	s.ParseArgs([]string{"--set", "out.append=maybe"})
	_, err = s.Bool("out.append")
	if err == nil || !strings.HasPrefix(err.Error(), `property "out.append" (from --set): invalid boolean "maybe"`) {
		t.Errorf("Bool error: %v", err)
	}
	s.Define("bad", "soon", "")
	_, err = s.Duration("bad")
	if err == nil || !strings.HasPrefix(err.Error(), `property "bad" (compiled default): invalid duration "soon"`) {
		t.Errorf("Duration error: %v", err)
	}
	if _, err := s.Int("nope"); err == nil || !strings.Contains(err.Error(), "unknown property") {
		t.Errorf("Int of an undefined property: %v", err)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30s", 30 * time.Second, true},
		{"5m", 5 * time.Minute, true},
		{"100ms", 100 * time.Millisecond, true},
		{"1h", time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"7d", 7 * 24 * time.Hour, true},
		{"1500", 1500 * time.Millisecond, true},
		{"0", 0, true},
		{"1h30m", 90 * time.Minute, true},
		{"1.5s", 1500 * time.Millisecond, true},
		{"", 0, false},
		{"-5s", 0, false},
		{"-5", 0, false},
		{"5x", 0, false},
		{"d", 0, false},
		{"1.5d", 0, false},
		{"99999999999999999d", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseDuration(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestHelp(t *testing.T) {
	s := newTestSet(nil)
	var b strings.Builder
	if err := s.Help(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 || !strings.HasPrefix(strings.TrimSpace(lines[0]), "job-1.error.policy") ||
		!strings.Contains(out, `default "localhost:9092"`) || !strings.Contains(out, "VELOC_TRADES_BOOTSTRAP_SERVERS") ||
		!strings.Contains(out, "Kafka brokers of source trades") {
		t.Errorf("Help:\n%s", out)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"path", "pth", 1}, {"abc", "abc", 0}} {
		if got := editDistance(tt.a, tt.b); got != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}
