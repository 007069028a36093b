package gobuild

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/velocsql/veloc"
)

// modulePath is the module whose runtime generated programs import.
const modulePath = "github.com/velocsql/veloc"

// runtimeVersion is the version generated go.mod files require of
// modulePath. Any version works, since a replace directive points at the
// runtime directory; this is the one go itself writes for such modules.
const runtimeVersion = "v0.0.0-00010101000000-000000000000"

// CacheDir returns the directory veloc keeps its build trees in:
// $VELOC_CACHE, else os.UserCacheDir()/veloc. It is absolute because
// generated go.mod files name the runtime directory by absolute path.
func CacheDir() (string, error) {
	dir := os.Getenv("VELOC_CACHE")
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no cache directory for veloc (set VELOC_CACHE): %w", err)
		}
		dir = filepath.Join(base, "veloc")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("cache directory %s: %w", dir, err)
	}
	return abs, nil
}

// RuntimeHash identifies the runtime embedded in this veloc: a hash of
// every file RuntimeDir writes. Two veloc binaries with the same hash build
// identical programs from identical generated code.
func RuntimeHash() (string, error) {
	t, err := embedded()
	if err != nil {
		return "", err
	}
	return t.hash, nil
}

// RuntimeDir returns the module root holding this veloc's runtime source,
// writing it on first use: <cache>/runtime-<RuntimeHash>. The directory is
// written once per runtime version and never modified afterwards, so its
// path — and with -trimpath its contents — keep the Go build cache warm.
func RuntimeDir() (string, error) {
	t, err := embedded()
	if err != nil {
		return "", err
	}
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, "runtime-"+t.hash)
	if err := writeTreeOnce(dir, t.files); err != nil {
		return "", fmt.Errorf("writing veloc's runtime: %w", err)
	}
	return dir, nil
}

// WriteModule writes the module Build compiles into dir (created if
// missing, files overwritten): go.mod, go.sum and files. It is the same
// tree Build writes to the cache, for tools and people who want to run the
// go command themselves, e.g. to debug generated code.
func WriteModule(dir, name string, files map[string][]byte) error {
	rt, err := RuntimeDir()
	if err != nil {
		return err
	}
	mod, err := moduleFiles(normName(name), rt, files)
	if err != nil {
		return err
	}
	return writeTree(dir, mod)
}

// file is one file of a tree: a slash-separated path relative to the
// tree's root, and its contents.
type file struct {
	path string
	data []byte
}

// tree is the runtime module as written to the cache.
type tree struct {
	files []file // sorted by path
	hash  string
	goMod []byte
	goSum []byte
}

// embedded reads veloc.Source once per process.
var embedded = sync.OnceValues(func() (*tree, error) { return readTree(veloc.Source) })

// readTree collects the files of fsys that a build can need: everything
// but tests, testdata and the test binaries and profiles `go test` leaves
// behind (embed cannot exclude them, and they must not change the hash).
func readTree(fsys fs.FS) (*tree, error) {
	t := new(tree)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !keepFile(d.Name()) {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		t.files = append(t.files, file{p, data})
		switch p {
		case "go.mod":
			t.goMod = data
		case "go.sum":
			t.goSum = data
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading veloc's embedded runtime: %w", err)
	}
	if t.goMod == nil {
		return nil, errors.New("veloc's embedded runtime has no go.mod")
	}
	slices.SortFunc(t.files, byPath)
	t.hash = hashFiles(t.files)
	return t, nil
}

// keepFile reports whether a file under the runtime belongs in the
// written tree.
func keepFile(name string) bool {
	return !strings.HasSuffix(name, "_test.go") &&
		!strings.HasSuffix(name, ".test") &&
		!strings.HasSuffix(name, ".out")
}

func byPath(a, b file) int { return strings.Compare(a.path, b.path) }

// hashFiles returns a short hex content hash of files, which must be
// sorted by path: 64 bits are plenty to tell cache entries apart.
func hashFiles(files []file) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.path, len(f.data))
		h.Write(f.data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// moduleFiles returns the files of the module a generated program is built
// in: go.mod, go.sum and the program's own files, sorted by path.
// runtimeDir is the replacement for veloc's module: the runtime dir's
// absolute path, or its path relative to the module being written.
func moduleFiles(name, runtimeDir string, src map[string][]byte) ([]file, error) {
	if len(src) == 0 {
		return nil, errors.New("build: no Go files")
	}
	t, err := embedded()
	if err != nil {
		return nil, err
	}
	mod, err := goMod(t.goMod, "veloc.gen/"+name, runtimeDir)
	if err != nil {
		return nil, err
	}
	files := []file{{"go.mod", mod}, {"go.sum", t.goSum}}
	for n, data := range src {
		if n != path.Base(n) || n != filepath.Base(n) || !strings.HasSuffix(n, ".go") || strings.HasPrefix(n, ".") {
			return nil, fmt.Errorf("build: generated file %q: want a file name ending in .go", n)
		}
		files = append(files, file{n, data})
	}
	slices.SortFunc(files, byPath)
	return files, nil
}

// goMod derives a generated program's go.mod from veloc's: the same file
// under another module path, so it keeps veloc's go version (and with it
// the GODEBUG defaults the runtime was tested with) and pins every
// dependency to veloc's versions, plus a requirement of veloc replaced by
// the runtime directory.
func goMod(velocMod []byte, module, runtimeDir string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by veloc. DO NOT EDIT.\n\n")
	sc := bufio.NewScanner(bytes.NewReader(velocMod))
	inReplace := false
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		switch {
		case len(fields) > 0 && fields[0] == "module":
			line = "module " + module
		case len(fields) > 0 && fields[0] == "replace":
			inReplace = len(fields) > 1 && fields[1] == "("
		case inReplace && len(fields) > 0 && fields[0] == ")":
			inReplace = false
		}
		// A replacement by a local directory is relative to veloc's source,
		// which generated programs cannot see.
		if (inReplace || len(fields) > 0 && fields[0] == "replace") && localReplacement(fields) {
			return nil, fmt.Errorf("veloc's go.mod replaces a module with a local directory, which generated programs cannot use: %s", strings.TrimSpace(line))
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading veloc's go.mod: %w", err)
	}
	fmt.Fprintf(&b, "\nrequire %s %s\n\nreplace %s => %s\n", modulePath, runtimeVersion, modulePath, quoteModPath(runtimeDir))
	return b.Bytes(), nil
}

// localReplacement reports whether the fields of a replace line name a
// directory as the replacement.
func localReplacement(fields []string) bool {
	for i, f := range fields {
		if f == "=>" && i+1 < len(fields) {
			r := strings.Trim(fields[i+1], "\"`")
			return strings.HasPrefix(r, "./") || strings.HasPrefix(r, "../") || filepath.IsAbs(r) || strings.HasPrefix(r, "/")
		}
	}
	return false
}

// quoteModPath quotes a path for go.mod when it would not survive as a
// bare token (spaces in a Windows user name, say), as modfile does.
func quoteModPath(p string) string {
	if strings.ContainsAny(p, "\"'` \t\r\n") || strings.Contains(p, "//") || strings.Contains(p, "/*") {
		return fmt.Sprintf("%q", p)
	}
	return p
}

// minGoVersion returns the go directive of veloc's go.mod, the oldest Go
// that can build the runtime.
func minGoVersion() string {
	data, err := veloc.Source.ReadFile("go.mod")
	if err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "go" {
				return strings.TrimSuffix(f[1], ".0") // "1.26.0" reads as go1.26+
			}
		}
	}
	return "1.26"
}

// writeTreeOnce makes dir hold files unless it already exists: dir's name
// carries the hash of files, so an existing one is complete and current.
// The tree is written into a temporary sibling and renamed into place, so
// a concurrent reader never sees it half-written and of two racing
// writers one simply wins.
func writeTreeOnce(dir string, files []file) error {
	switch _, err := os.Stat(filepath.Join(dir, "go.mod")); {
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s has no go.mod: delete the directory and retry", dir)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeTree(tmp, files); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "go.mod")); statErr == nil {
			return nil // another build wrote it first
		}
		return err
	}
	return nil
}

// writeTree writes files under dir, creating directories as needed.
func writeTree(dir string, files []file) error {
	for _, f := range files {
		name := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
