package gobuild

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/velocsql/veloc"
)

// program returns a main package that uses the runtime (scalar is stable
// while other runtime packages are being written) and prints
// "<greeting> <n>".
func program(greeting string, n int) map[string][]byte {
	src := fmt.Sprintf(`package main

import (
	"fmt"

	"github.com/velocsql/veloc/runtime/scalar"
)

func main() {
	n, ok := scalar.ParseInt([]byte("%d"))
	if !ok {
		panic("ParseInt failed")
	}
	fmt.Println(%q, n)
}
`, n, greeting)
	return map[string][]byte{"main.go": []byte(src)}
}

// useTempCache points VELOC_CACHE at a fresh directory and returns it.
func useTempCache(tb testing.TB) string {
	dir := tb.TempDir()
	tb.Setenv("VELOC_CACHE", dir)
	return dir
}

func TestBuild(t *testing.T) {
	cache := useTempCache(t)
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "hello")
	if err := Build(ctx, Request{Name: "hello", Files: program("hello from veloc", 42), Out: bin}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin).CombinedOutput()
	if err != nil {
		t.Fatalf("running %s: %v\n%s", bin, err, out)
	}
	if got, want := string(out), "hello from veloc 42\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	checkStatic(t, bin)

	// The binary does not depend on where the cache is.
	t.Setenv("VELOC_CACHE", t.TempDir())
	elsewhere := filepath.Join(t.TempDir(), "hello")
	if err := Build(ctx, Request{Name: "hello", Files: program("hello from veloc", 42), Out: elsewhere}); err != nil {
		t.Fatal(err)
	}
	if a, b := readFile(t, bin), readFile(t, elsewhere); !bytes.Equal(a, b) {
		t.Errorf("building with another VELOC_CACHE gave a different binary")
	}
	t.Setenv("VELOC_CACHE", cache)

	rt, err := RuntimeDir()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(rt) != cache {
		t.Errorf("RuntimeDir() = %s, want it in %s", rt, cache)
	}
	checkRuntimeTree(t, rt)
	before, err := os.Stat(filepath.Join(rt, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}

	// A different program reuses the runtime directory as it is.
	bin2 := filepath.Join(t.TempDir(), "other")
	if err := Build(ctx, Request{Name: "other", Files: program("second", 7), Out: bin2}); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin2).Output(); err != nil || string(out) != "second 7\n" {
		t.Errorf("second program: output %q, err %v", out, err)
	}
	rt2, err := RuntimeDir()
	if err != nil {
		t.Fatal(err)
	}
	if rt2 != rt {
		t.Errorf("second build used runtime dir %s, first %s", rt2, rt)
	}
	after, err := os.Stat(filepath.Join(rt, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) {
		t.Errorf("runtime dir %s was rewritten by the second build", rt)
	}

	entries, err := os.ReadDir(cache)
	if err != nil {
		t.Fatal(err)
	}
	var builds []string
	for _, e := range entries {
		switch {
		case strings.Contains(e.Name(), ".tmp-"):
			t.Errorf("temporary directory left in the cache: %s", e.Name())
		case strings.HasPrefix(e.Name(), "build-"):
			builds = append(builds, e.Name())
		}
	}
	if len(builds) != 2 {
		t.Errorf("cache has build dirs %v, want one per program", builds)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkStatic fails unless bin is an ELF executable that needs no dynamic
// loader: no PT_INTERP (the loader's path) and no PT_DYNAMIC.
func checkStatic(t *testing.T, bin string) {
	t.Helper()
	switch runtime.GOOS {
	case "darwin", "ios", "windows", "plan9":
		t.Logf("not an ELF platform: not checking that %s is static", bin)
		return
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("%s is dynamically linked: it has a %v program header", bin, p.Type)
		}
	}
	if f.Section(".dynamic") != nil {
		t.Errorf("%s has a .dynamic section", bin)
	}
}

// checkRuntimeTree checks that the written runtime is a module root with
// the runtime's source and none of its tests.
func checkRuntimeTree(t *testing.T, rt string) {
	t.Helper()
	for _, name := range []string{"go.mod", "go.sum", "runtime/scalar/int.go"} {
		if _, err := os.Stat(filepath.Join(rt, filepath.FromSlash(name))); err != nil {
			t.Errorf("runtime dir: %v", err)
		}
	}
	err := filepath.WalkDir(rt, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == "testdata" || strings.HasSuffix(d.Name(), "_test.go") {
			t.Errorf("runtime dir holds test file %s", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBuildOfflineMissingModule builds, with a fresh empty module cache
// and the network allowed by the environment, a program that needs a
// module veloc's go.mod pins (as generated programs will once the runtime
// imports one). Build must stay offline and say how to fill the cache.
func TestBuildOfflineMissingModule(t *testing.T) {
	useTempCache(t)
	dep := requiredModule(t)
	modcache := t.TempDir()
	t.Cleanup(func() { makeWritable(modcache) }) // go makes module dirs read-only
	t.Setenv("GOPROXY", "https://proxy.golang.org,direct")

	files := program("unused", 1)
	files["dep.go"] = []byte("package main\n\nimport _ \"" + dep + "\"\n")
	err := Build(context.Background(), Request{
		Name:  "needsdep",
		Files: files,
		Out:   filepath.Join(t.TempDir(), "needsdep"),
		Env:   []string{"GOMODCACHE=" + modcache},
	})
	if !errors.Is(err, ErrModuleMissing) {
		t.Fatalf("Build with an empty module cache: err = %v, want ErrModuleMissing", err)
	}
	for _, want := range []string{"go mod download", "make install", "GOPROXY=off"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	t.Logf("error:\n%v", err)
}

// requiredModule returns the path of a module veloc's go.mod requires.
func requiredModule(t *testing.T) string {
	data, err := veloc.Source.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	inBlock := false
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "require" && f[1] != "(":
			return f[1]
		case len(f) >= 2 && f[0] == "require" && f[1] == "(":
			inBlock = true
		case inBlock && len(f) >= 2 && f[0] != ")" && !strings.HasPrefix(f[0], "//"):
			return f[0]
		case inBlock && len(f) > 0 && f[0] == ")":
			inBlock = false
		}
	}
	t.Skip("veloc's go.mod requires no modules: nothing can be missing from the module cache")
	return ""
}

func makeWritable(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
}

func TestBuildCompileError(t *testing.T) {
	cache := useTempCache(t)
	files := map[string][]byte{"main.go": []byte("package main\n\nfunc main() { undefinedThing() }\n")}
	err := Build(context.Background(), Request{Name: "broken", Files: files, Out: filepath.Join(t.TempDir(), "broken")})
	if err == nil {
		t.Fatal("Build of a program that does not compile succeeded")
	}
	if errors.Is(err, ErrModuleMissing) || errors.Is(err, ErrNoGo) {
		t.Errorf("compile error reported as an environment problem: %v", err)
	}
	for _, want := range []string{"undefinedThing", filepath.Join(cache, "build-")} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestNoGo(t *testing.T) {
	useTempCache(t)
	t.Setenv("PATH", t.TempDir())
	t.Setenv("GOROOT", "")
	saved := fallbackGo
	fallbackGo = nil
	t.Cleanup(func() { fallbackGo = saved })

	err := Build(context.Background(), Request{Name: "x", Files: program("x", 1), Out: filepath.Join(t.TempDir(), "x")})
	if !errors.Is(err, ErrNoGo) {
		t.Fatalf("Build without Go: err = %v, want ErrNoGo", err)
	}
	if want := "veloc build needs the Go toolchain (go1.26+) on PATH"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestGoCommandFallback(t *testing.T) {
	onPath, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	t.Setenv("PATH", t.TempDir())
	t.Setenv("GOROOT", filepath.Dir(filepath.Dir(onPath)))
	got, err := GoCommand()
	if err != nil {
		t.Fatal(err)
	}
	if got != onPath {
		t.Errorf("GoCommand() = %s, want %s from GOROOT", got, onPath)
	}
}

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		output string
		want   error // nil: a plain build failure
	}{
		{"go: downloading example.com/m v1.0.0\nx.go:3:8: module lookup disabled by GOPROXY=off", ErrModuleMissing},
		{"go: go.mod requires go >= 1.26 (running go 1.25.0; GOTOOLCHAIN=local)", ErrNoGo},
		{"go: downloading go1.26 (golang.org/toolchain@v0.0.1-go1.26.linux-amd64): module lookup disabled by GOPROXY=off", ErrNoGo},
		// No required module has the package: generated code is wrong.
		{"x.go:3:8: cannot find module providing package example.com/nope: module lookup disabled by GOPROXY=off", nil},
		{"./main.go:3:15: undefined: f", nil},
	} {
		err := explain(errors.New("exit status 1"), tc.output, "/usr/bin/go", "/cache/build-1", "/cache/runtime-1")
		for _, sentinel := range []error{ErrModuleMissing, ErrNoGo} {
			if errors.Is(err, sentinel) != (sentinel == tc.want) {
				t.Errorf("explain(%q) = %v; want errors.Is(err, %v) = %v", tc.output, err, sentinel, sentinel == tc.want)
			}
		}
		if !strings.Contains(err.Error(), tc.output) {
			t.Errorf("explain(%q) dropped go's output: %v", tc.output, err)
		}
	}
}

func TestRuntimeDirConcurrent(t *testing.T) {
	cache := useTempCache(t)
	const n = 8
	dirs := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { dirs[i], errs[i] = RuntimeDir() })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if dirs[i] != dirs[0] {
			t.Errorf("RuntimeDir() returned %s and %s", dirs[0], dirs[i])
		}
	}
	hash, err := RuntimeHash()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "runtime-"+hash); dirs[0] != want {
		t.Errorf("RuntimeDir() = %s, want %s", dirs[0], want)
	}
	checkRuntimeTree(t, dirs[0])
	entries, err := os.ReadDir(cache)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("cache holds %v, want only the runtime dir", names)
	}
}

func TestReadTree(t *testing.T) {
	fsys := fstest.MapFS{
		"go.mod":                          {Data: []byte("module github.com/velocsql/veloc\n\ngo 1.26\n")},
		"go.sum":                          {Data: []byte{}},
		"runtime/a/a.go":                  {Data: []byte("package a\n")},
		"runtime/a/a_test.go":             {Data: []byte("package a\n")},
		"runtime/a/a.test":                {Data: []byte("ELF")},
		"runtime/a/testdata/x.csv":        {Data: []byte("x\n")},
		"runtime/a/assets/schema.json":    {Data: []byte("{}")},
		"runtime/b/internal/c/c_amd64.go": {Data: []byte("package c\n")},
	}
	tr, err := readTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range tr.files {
		got = append(got, f.path)
	}
	want := []string{"go.mod", "go.sum", "runtime/a/a.go", "runtime/a/assets/schema.json", "runtime/b/internal/c/c_amd64.go"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files = %v, want %v", got, want)
	}

	// Tests do not change the hash; source does.
	fsys["runtime/a/a_test.go"] = &fstest.MapFile{Data: []byte("package a // changed\n")}
	if tr2, _ := readTree(fsys); tr2.hash != tr.hash {
		t.Errorf("changing a test changed the hash")
	}
	fsys["runtime/a/a.go"] = &fstest.MapFile{Data: []byte("package a // changed\n")}
	if tr3, _ := readTree(fsys); tr3.hash == tr.hash {
		t.Errorf("changing source kept the hash")
	}
}

func TestGoMod(t *testing.T) {
	velocMod := []byte(`module github.com/velocsql/veloc

go 1.26

require (
	example.com/a v1.2.3
	example.com/b v0.1.0 // indirect
)

replace example.com/c => example.com/c2 v1.0.0
`)
	got, err := goMod(velocMod, "veloc.gen/app", "/cache dir/runtime-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nmodule veloc.gen/app\n",
		"\ngo 1.26\n",
		"\texample.com/a v1.2.3\n",
		"\texample.com/b v0.1.0 // indirect\n",
		"\nreplace example.com/c => example.com/c2 v1.0.0\n",
		"\nrequire github.com/velocsql/veloc " + runtimeVersion + "\n",
		"\nreplace github.com/velocsql/veloc => \"/cache dir/runtime-1\"\n",
	} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("go.mod lacks %q:\n%s", want, got)
		}
	}
	if bytes.Contains(got, []byte("module github.com/velocsql/veloc")) {
		t.Errorf("go.mod kept veloc's module path:\n%s", got)
	}

	for _, local := range []string{
		"replace example.com/c => ../c\n",
		"replace (\n\texample.com/c v1.0.0 => ./c\n)\n",
	} {
		if _, err := goMod(append(velocMod, local...), "veloc.gen/app", "/rt"); err == nil {
			t.Errorf("goMod accepted a local replacement: %q", local)
		}
	}
}

// TestEmbeddedGoMod checks that veloc's own go.mod can be turned into a
// generated program's.
func TestEmbeddedGoMod(t *testing.T) {
	tr, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := goMod(tr.goMod, "veloc.gen/app", "/rt"); err != nil {
		t.Fatal(err)
	}
	if v := minGoVersion(); !strings.HasPrefix(v, "1.") {
		t.Errorf("minGoVersion() = %q", v)
	}
}

func TestNormName(t *testing.T) {
	for in, want := range map[string]string{"": "app", "orders": "orders", "my app.v2": "my_app_v2", "a/b": "a_b", "Ünï": "__n__"} {
		if got := normName(in); got != want {
			t.Errorf("normName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBadFileNames(t *testing.T) {
	useTempCache(t)
	for _, name := range []string{"sub/main.go", "main.txt", ".hidden.go", "../x.go"} {
		_, err := moduleFiles("app", "/rt", map[string][]byte{name: []byte("package main")})
		if err == nil {
			t.Errorf("moduleFiles accepted file name %q", name)
		}
	}
}

// BenchmarkWarmBuild measures what a user waits for on the second and
// later builds: a new generated program (compiled) against a runtime the
// Go build cache already holds, then the link.
func BenchmarkWarmBuild(b *testing.B) {
	useTempCache(b)
	ctx := context.Background()
	out := filepath.Join(b.TempDir(), "app")
	if err := Build(ctx, Request{Name: "app", Files: program("warm", 0), Out: out}); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		if err := Build(ctx, Request{Name: "app", Files: program("warm", i), Out: out}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdBuild measures first builds: with an empty Go build cache
// (the first veloc build on a machine, where the standard library is
// compiled too), and with an empty veloc cache only (a new veloc version
// whose runtime is written out again).
func BenchmarkColdBuild(b *testing.B) {
	b.Run("GOCACHE=empty", func(b *testing.B) {
		for b.Loop() {
			useTempCache(b)
			gocache := b.TempDir()
			err := Build(context.Background(), Request{
				Name: "app", Files: program("cold", 1),
				Out: filepath.Join(b.TempDir(), "app"), Env: []string{"GOCACHE=" + gocache},
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("VELOC_CACHE=empty", func(b *testing.B) {
		for b.Loop() {
			useTempCache(b)
			err := Build(context.Background(), Request{
				Name: "app", Files: program("cold", 1),
				Out: filepath.Join(b.TempDir(), "app"),
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
