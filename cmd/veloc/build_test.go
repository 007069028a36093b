package main

// End-to-end tests of the commands that compile: build, run, gen, explain
// and infer. They build real programs with the Go toolchain and run them on
// real files; the conformance suite (golden/conformance_test.go) covers the
// query semantics, these cover the commands.

import (
	"archive/tar"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const ordersCSV = "id,amount\n1,5\n2,20\n3,30\n"

// wantGoodOut is what goodSQL writes for ordersCSV.
const wantGoodOut = "{\"id\":2,\"double_amount\":40}\n{\"id\":3,\"double_amount\":60}\n"

// cacheEnv points veloc's build cache at a fresh folder for one test, so
// that what it caches can be inspected. The Go build cache stays shared.
func cacheEnv(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("VELOC_CACHE", dir)
	return dir
}

func TestBuild(t *testing.T) {
	cacheEnv(t)
	dir := writeFiles(t, map[string]string{"good.sql": goodSQL, "orders.csv": ordersCSV})
	t.Run("-o", func(t *testing.T) {
		r := run(t, dir, "build", "good.sql", "-o", "prog")
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		got := runBin(t, filepath.Join(dir, "prog"), dir)
		if got.code != 0 || got.stdout != wantGoodOut {
			t.Errorf("prog: exit %d, stdout:\n%s\nwant:\n%s\nstderr:\n%s", got.code, got.stdout, wantGoodOut, got.stderr)
		}
		if !strings.Contains(got.stderr, "job=out records_in=3 records_out=2 failed=0") {
			t.Errorf("prog did not log the job's counts:\n%s", got.stderr)
		}
	})
	t.Run("default name", func(t *testing.T) {
		if r := run(t, dir, "build", "good.sql"); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		v := runBin(t, filepath.Join(dir, "good"), dir, "--version")
		if v.code != 0 || !strings.Contains(v.stdout, "veloc devel") || !strings.Contains(v.stdout, "\nsql: ") {
			t.Errorf("good --version: exit %d, %q", v.code, v.stdout)
		}
	})
	t.Run("static", func(t *testing.T) {
		if _, err := exec.LookPath("file"); err != nil {
			t.Skip("file(1) is not installed")
		}
		out, err := exec.Command("file", filepath.Join(dir, "prog")).CombinedOutput()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), "statically linked") {
			t.Errorf("the binary is not static: %s", out)
		}
	})
	t.Run("image", func(t *testing.T) {
		if r := run(t, dir, "build", "good.sql", "-o", "prog2", "--image", "prog2.tar"); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		// The archive's Docker manifest names its config and the layer, and
		// the layer's /app is the binary just built.
		files := untar(t, readFile(t, dir, "prog2.tar"))
		var docker []struct {
			Config   string
			RepoTags []string
			Layers   []string
		}
		if err := json.Unmarshal(files["manifest.json"], &docker); err != nil || len(docker) != 1 || docker[0].RepoTags[0] != "prog2:latest" {
			t.Fatalf("manifest.json: %s (%v)", files["manifest.json"], err)
		}
		if _, ok := files[docker[0].Config]; !ok || files["index.json"] == nil || files["oci-layout"] == nil {
			t.Fatalf("the archive misses a part of the image: %v", docker[0])
		}
		layer := untar(t, string(files[docker[0].Layers[0]]))
		if bin := readFile(t, dir, "prog2"); string(layer["app"]) != bin {
			t.Errorf("the image's /app (%d bytes) is not the binary (%d bytes)", len(layer["app"]), len(bin))
		}
	})
	t.Run("compile error builds nothing", func(t *testing.T) {
		bad := writeFiles(t, map[string]string{"bad.sql": strings.Replace(goodSQL, "amount > 10", "amont > 10", 1)})
		r := run(t, bad, "build", "bad.sql")
		if r.code != 1 || !strings.Contains(r.stderr, "bad.sql:2:") || !strings.Contains(r.stderr, "^") {
			t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if exists(filepath.Join(bad, "bad")) {
			t.Errorf("a binary was written for a file with errors")
		}
	})
}

func TestRun(t *testing.T) {
	cache := cacheEnv(t)
	dir := writeFiles(t, map[string]string{
		"good.sql":   goodSQL,
		"orders.csv": ordersCSV,
		"other.csv":  "id,amount\n7,70\n",
		"broken.csv": "id,amount\n1,x\n2,20\n",
	})
	r := run(t, dir, "run", "good.sql")
	if r.code != 0 || r.stdout != wantGoodOut {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	t.Run("cached", func(t *testing.T) {
		before := binaries(t, cache)
		if len(before) != 1 {
			t.Fatalf("cache holds %d binaries after one run, want 1: %v", len(before), before)
		}
		fi, err := os.Stat(before[0])
		if err != nil {
			t.Fatal(err)
		}
		if r := run(t, dir, "run", "good.sql"); r.code != 0 || r.stdout != wantGoodOut {
			t.Fatalf("second run: exit %d, %s", r.code, r.stderr)
		}
		after := binaries(t, cache)
		fi2, err := os.Stat(before[0])
		if err != nil || len(after) != 1 || !fi2.ModTime().Equal(fi.ModTime()) {
			t.Errorf("the second run rebuilt the program: %v", after)
		}
	})
	t.Run("--set", func(t *testing.T) {
		r := run(t, dir, "run", "good.sql", "--set", "orders.path=orders.csv", "--set", "orders.path=other.csv")
		if want := "{\"id\":7,\"double_amount\":140}\n"; r.code != 0 || r.stdout != want {
			t.Errorf("exit %d, stdout %q, want %q (the later --set wins)\n%s", r.code, r.stdout, want, r.stderr)
		}
	})
	t.Run("program flags after --", func(t *testing.T) {
		r := run(t, dir, "run", "good.sql", "--", "--help")
		if r.code != 0 || !strings.Contains(r.stdout, "orders.path") {
			t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
		}
	})
	t.Run("exit status passes through", func(t *testing.T) {
		r := run(t, dir, "run", "good.sql", "--set", "orders.path=missing.csv")
		if r.code != 1 || !strings.Contains(r.stderr, "missing.csv") {
			t.Errorf("missing input: exit %d, want 1; stderr:\n%s", r.code, r.stderr)
		}
		r = run(t, dir, "run", "good.sql", "--set", "orders.path=broken.csv", "--set", "out.error.policy=fail")
		if r.code != 1 || !strings.Contains(r.stderr, "broken.csv:2") {
			t.Errorf("policy fail: exit %d, want 1 naming broken.csv:2; stderr:\n%s", r.code, r.stderr)
		}
		r = run(t, dir, "run", "good.sql", "--", "--no-such-flag")
		if r.code != 2 {
			t.Errorf("bad program flag: exit %d, want 2; stderr:\n%s", r.code, r.stderr)
		}
	})
}

// binaries lists the programs in veloc's run cache.
func binaries(t *testing.T, cache string) []string {
	t.Helper()
	bins, err := filepath.Glob(filepath.Join(cache, "bin", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	return bins
}

func TestGen(t *testing.T) {
	dir := writeFiles(t, map[string]string{"good.sql": goodSQL})
	out := filepath.Join(dir, "pipeline")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := "// Code generated by veloc. DO NOT EDIT.\n\npackage pipeline\n"
	mine := "package pipeline\n\n// Hand-written, kept by gen.\n"
	for name, content := range map[string]string{"stale_job.go": stale, "mine.go": mine} {
		if err := os.WriteFile(filepath.Join(out, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, dir, "gen", "good.sql", "-o", "pipeline")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	files, err := filepath.Glob(filepath.Join(out, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var api bool
	for _, f := range files {
		src := readFile(t, out, filepath.Base(f))
		switch filepath.Base(f) {
		case "stale_job.go":
			t.Errorf("gen kept a generated file it no longer writes")
		case "mine.go":
			if src != mine {
				t.Errorf("gen changed a hand-written file")
			}
			continue
		}
		if !strings.HasPrefix(src, "// Code generated by veloc. DO NOT EDIT.\n") || !strings.Contains(src, "\npackage pipeline\n") {
			t.Errorf("%s: not a generated file of package pipeline:\n%.300s", f, src)
		}
		if strings.Contains(src, "func New(") && strings.Contains(src, ") Run(ctx context.Context) error") {
			api = true
		}
	}
	if !api {
		t.Errorf("the package has no New(Config) and Run(ctx)")
	}
	if len(files) < 3 {
		t.Errorf("gen wrote %d files, want the program plus one per job: %v", len(files), files)
	}
}

func TestExplain(t *testing.T) {
	dir := writeFiles(t, map[string]string{"good.sql": goodSQL})
	r := run(t, dir, "explain", "good.sql")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	before, after, ok := strings.Cut(r.stdout, "== after optimisation")
	if !ok || !strings.HasPrefix(before, "== before optimisation") {
		t.Fatalf("explain does not show the plan before and after optimisation:\n%s", r.stdout)
	}
	if !strings.Contains(before, "filter: (amount#1 > 10)") || strings.Contains(before, "pushed filter") {
		t.Errorf("the plan before optimisation should keep the filter in the job:\n%s", before)
	}
	if !strings.Contains(after, "pushed filter: (amount#1 > 10)") {
		t.Errorf("the optimised plan should push the filter into the decoder:\n%s", after)
	}

	r = run(t, dir, "explain", "--format", "json", "good.sql")
	if r.code != 0 {
		t.Fatalf("--format json: exit %d: %s", r.code, r.stderr)
	}
	var doc struct {
		Before, After []struct {
			Name   string
			Source struct {
				PushedFilters []string `json:"pushed_filters"`
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("--format json is not JSON: %v\n%s", err, r.stdout)
	}
	if len(doc.After) != 1 || doc.After[0].Name != "out" || len(doc.After[0].Source.PushedFilters) != 1 ||
		len(doc.Before) != 1 || len(doc.Before[0].Source.PushedFilters) != 0 {
		t.Errorf("unexpected JSON plan: %+v\n%s", doc, r.stdout)
	}
	if !strings.Contains(r.stdout, "amount#1 > 10") {
		t.Errorf("JSON escapes the filter's text:\n%s", r.stdout)
	}
}

func TestInfer(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"trades-2024.csv": "sym,qty,px,ok\nAAPL,10,1.5,true\nMSFT,,2,false\n",
		"events.jsonl":    "{\"user\":\"a\",\"n\":1}\n{\"user\":\"b\",\"n\":2.5}\n",
		"semi.csv":        "a;b\n1;x\n",
	})
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"infer", "trades-2024.csv"}, 0, []string{"CREATE STREAM trades_2024 (", "sym STRING NOT NULL", "qty INTEGER,", "px FLOAT NOT NULL", "ok BOOLEAN NOT NULL", "'trades_2024.path' = 'trades-2024.csv'"}},
		{[]string{"infer", "events.jsonl"}, 0, []string{"CREATE STREAM events (", "user STRING", "n FLOAT"}},
		{[]string{"infer", "--delimiter", ";", "semi.csv"}, 0, []string{"a INTEGER NOT NULL", "b STRING NOT NULL", "'semi.delimiter' = ';'"}},
		{[]string{"infer", "missing.csv"}, 1, []string{"veloc infer: open missing.csv: no such file or directory"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, dir, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, s := range tt.want {
				if !strings.Contains(r.stdout+r.stderr, s) {
					t.Errorf("output lacks %q:\n%s%s", s, r.stdout, r.stderr)
				}
			}
		})
	}
	// What infer prints is a declaration veloc accepts.
	r := run(t, dir, "infer", "trades-2024.csv")
	query := r.stdout + "SELECT sym, qty FROM trades_2024 WHERE ok;\n"
	if err := os.WriteFile(filepath.Join(dir, "q.sql"), []byte(query), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, "check", "q.sql"); r.code != 0 {
		t.Errorf("the inferred declaration does not check:\n%s\n%s", query, r.stderr)
	}
}

// TestRunEdgeCases covers behaviours found by the benchmark's author: a
// CSV stdout sink, FLOAT division by zero, and a header that lacks a
// declared column.
func TestRunEdgeCases(t *testing.T) {
	cacheEnv(t)
	const src = "CREATE STREAM t (sym STRING, px FLOAT, qty FLOAT) WITH ('t.type' = 'file_source', 't.path' = 't.csv');\n"
	dir := writeFiles(t, map[string]string{
		"csv.sql":     src + "CREATE STREAM o AS SELECT sym, px / qty AS r FROM t WITH ('o.type' = 'stdout_sink', 'o.format' = 'csv');\n",
		"t.csv":       "sym,px,qty\nA,3,2\nB,1,0\nC,1,4\n",
		"missing.csv": "sym,px\nA,3\n",
	})
	r := run(t, dir, "run", "csv.sql")
	if want := "sym,r\nA,1.5\nC,0.25\n"; r.code != 0 || r.stdout != want {
		t.Errorf("CSV to stdout: exit %d, stdout %q, want %q\n%s", r.code, r.stdout, want, r.stderr)
	}
	if !strings.Contains(r.stderr, "division by zero") || !strings.Contains(r.stderr, "t.csv:3") || !strings.Contains(r.stderr, "failed=1") {
		t.Errorf("FLOAT division by zero should be an error record at t.csv:3:\n%s", r.stderr)
	}
	r = run(t, dir, "run", "csv.sql", "--set", "o.delimiter=;", "--set", "o.has_headers=false")
	if want := "A;1.5\nC;0.25\n"; r.code != 0 || r.stdout != want {
		t.Errorf("--set on a CSV stdout sink: exit %d, stdout %q, want %q\n%s", r.code, r.stdout, want, r.stderr)
	}
	r = run(t, dir, "run", "csv.sql", "--set", "t.path=missing.csv")
	if r.code != 1 || !strings.Contains(r.stderr, "missing.csv: the header has no column qty") {
		t.Errorf("a header without a declared column: exit %d, want 1 naming qty\n%s", r.code, r.stderr)
	}
}

// untar returns the regular files of a tar archive by name.
func untar(t *testing.T, archive string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	tr := tar.NewReader(strings.NewReader(archive))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			files[h.Name] = b
		}
	}
}

// TestImageSkopeo has an independent OCI tool read the image archive of
// veloc build --image in both formats it holds (OCI layout and Docker's),
// checking every blob's digest on the way.
func TestImageSkopeo(t *testing.T) {
	skopeo, err := exec.LookPath("skopeo")
	if err != nil {
		t.Skip("skopeo is not installed (.ci/run installs it)")
	}
	cacheEnv(t)
	dir := writeFiles(t, map[string]string{"good.sql": goodSQL})
	if r := run(t, dir, "build", "good.sql", "--image", "good.tar"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, src := range []string{"oci-archive:good.tar", "docker-archive:good.tar"} {
		cmd := exec.Command(skopeo, "--insecure-policy", "copy", src, "dir:"+filepath.Join(t.TempDir(), "img"))
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("skopeo copy %s: %v\n%s", src, err, out)
		}
	}
	cmd := exec.Command(skopeo, "inspect", "--config", "oci-archive:good.tar")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"/app"`) || !strings.Contains(string(out), `"9091/tcp"`) {
		t.Errorf("skopeo inspect --config: %v\n%s", err, out)
	}
}

// TestKubernetesTemplate checks templates/kubernetes.yaml against what a
// built program and its image provide: the endpoints and port of the
// metrics server, and the image's user and working directory.
func TestKubernetesTemplate(t *testing.T) {
	text := readFile(t, filepath.Join("..", "..", "templates"), "kubernetes.yaml")
	var doc struct {
		Spec struct {
			Template struct {
				Spec struct {
					SecurityContext struct {
						RunAsUser int `yaml:"runAsUser"`
					} `yaml:"securityContext"`
					Containers []struct {
						Ports []struct {
							ContainerPort int `yaml:"containerPort"`
						}
						LivenessProbe struct {
							HTTPGet struct{ Path string } `yaml:"httpGet"`
						} `yaml:"livenessProbe"`
						ReadinessProbe struct {
							HTTPGet struct{ Path string } `yaml:"httpGet"`
						} `yaml:"readinessProbe"`
						VolumeMounts []struct {
							MountPath string `yaml:"mountPath"`
						} `yaml:"volumeMounts"`
					}
				}
			}
		}
	}
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	spec := doc.Spec.Template.Spec
	if len(spec.Containers) != 1 {
		t.Fatalf("%d containers", len(spec.Containers))
	}
	c := spec.Containers[0]
	if c.Ports[0].ContainerPort != 9091 || c.LivenessProbe.HTTPGet.Path != "/healthz" || c.ReadinessProbe.HTTPGet.Path != "/readyz" ||
		spec.SecurityContext.RunAsUser != 65532 || c.VolumeMounts[0].MountPath != "/data" {
		t.Errorf("the template does not match the program and its image: %+v", spec)
	}
}
