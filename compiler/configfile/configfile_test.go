package configfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"base/common.yaml": `bootstrap.servers: [a:9092, b:9092]
consumer_config:
  fetch.max.bytes: 1024
  session.timeout.ms: 6000
security:
  protocol: PLAINTEXT
`,
		"trades.yaml": `extends: base/common.yaml
topic:
  name: trades_v2
consumer_config:
  fetch.max.bytes: 2048
group.id: ${GROUP:analytics}
empty:
`,
	})
	got, err := Load("trades.yaml", filepath.Join(dir, "trades.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range got {
		lines = append(lines, e.Key+"="+e.Value+" @"+e.Where())
	}
	want := []string{
		"bootstrap.servers=a:9092,b:9092 @base/common.yaml:1",
		"consumer_config.fetch.max.bytes=2048 @trades.yaml:5",
		"consumer_config.session.timeout.ms=6000 @base/common.yaml:4",
		"empty= @trades.yaml:7",
		"group.id=${GROUP:analytics} @trades.yaml:6",
		"security.protocol=PLAINTEXT @base/common.yaml:6",
		"topic.name=trades_v2 @trades.yaml:3",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a.yaml":    "extends: b.yaml\nx: 1\n",
		"b.yaml":    "extends: a.yaml\n",
		"list.yaml": "- a\n- b\n",
		"bad.yaml":  "x: [1, {y: 2}]\n",
		"syn.yaml":  "x: : :\n",
		"ext.yaml":  "extends: missing.yaml\n",
		"rec.yaml":  "a: &a {b: *a}\n",
		"bomb.yaml": bomb(30),
	})
	for _, tt := range []struct{ file, want string }{
		{"a.yaml", "extends itself"},
		{"list.yaml", "list.yaml:1: a config file is a map of properties"},
		{"bad.yaml", "bad.yaml:1: a list holds plain values"},
		{"syn.yaml", "config file syn.yaml: yaml:"},
		{"ext.yaml", "config file missing.yaml does not exist"},
		{"none.yaml", "config file none.yaml does not exist"},
		{"rec.yaml", "rec.yaml:1: an alias refers to a value that contains it"},
		{"bomb.yaml", "bomb.yaml: more than 100000 values"},
	} {
		_, err := Load(tt.file, filepath.Join(dir, tt.file))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%s) = %v, want an error containing %q", tt.file, err, tt.want)
		}
	}
}

// FuzzLoad: no YAML makes Load panic.
func FuzzLoad(f *testing.F) {
	f.Add("bootstrap.servers: [a, b]\ntopic:\n  name: x\n")
	f.Add("extends: base.yaml\nx: 1\n")
	f.Add("a: &x {b: 1}\nc: *x\n")
	f.Add("- 1\n")
	dir := f.TempDir()
	write(f, dir, map[string]string{"base.yaml": "y: 2\n"})
	f.Fuzz(func(t *testing.T, text string) {
		fh, err := os.CreateTemp(dir, "*.yaml") // fuzz workers run at once
		if err != nil {
			t.Fatal(err)
		}
		defer os.Remove(fh.Name())
		if _, err := fh.WriteString(text); err != nil {
			t.Fatal(err)
		}
		fh.Close()
		_, _ = Load("f.yaml", fh.Name())
	})
}

// bomb is a YAML file whose aliases expand to 2^n maps.
func bomb(n int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 {x: 1, y: 1}\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "l%d: &l%d {p: *l%d, q: *l%d}\n", i, i, i-1, i-1)
	}
	return b.String()
}
