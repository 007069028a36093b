package configfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir string, files map[string]string) {
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
	})
	for _, tt := range []struct{ file, want string }{
		{"a.yaml", "extends itself"},
		{"list.yaml", "list.yaml:1: a config file is a map of properties"},
		{"bad.yaml", "bad.yaml:1: a list holds plain values"},
		{"syn.yaml", "config file syn.yaml: yaml:"},
		{"ext.yaml", "config file missing.yaml does not exist"},
		{"none.yaml", "config file none.yaml does not exist"},
	} {
		_, err := Load(tt.file, filepath.Join(dir, tt.file))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%s) = %v, want an error containing %q", tt.file, err, tt.want)
		}
	}
}
