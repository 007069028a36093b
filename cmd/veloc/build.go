package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/velocsql/veloc/cmd/veloc/internal/ociimage"
	"github.com/velocsql/veloc/codegen/gobuild"
)

const buildHelp = `
Build compiles a SQL application into one static native binary that runs all
of its jobs (default name: the file's base name, in the current directory).
It works offline once veloc is installed: the runtime's source is inside
veloc, and the Go toolchain builds against it from the module cache.
Run the binary with --help to list its jobs and properties.

With --image OUT.tar it also writes an OCI image archive holding just the
binary (as /app, run as a non-root user in /data, the metrics port 9091
exposed), made without a container engine: load it with
docker load -i OUT.tar or podman load -i OUT.tar; it is named after the
binary, with the tag latest.
`

func runBuild(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	out := fs.String("o", "", "the binary to write (default: the SQL file's base name)")
	image := fs.String("image", "", "also write an OCI image archive of the binary (docker load / podman load)")
	files, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(stderr, fs, cmd, "want exactly one SQL file")
	}
	name := files[0]
	if *out == "" {
		*out = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	gen, ok := generate(cmd, name, "main", stderr)
	if !ok {
		return exitError
	}
	if !buildBinary(context.Background(), cmd, name, gen, *out, stderr) {
		return exitError
	}
	if *image != "" {
		if err := writeImage(name, gen, *out, *image); err != nil {
			fmt.Fprintf(stderr, "veloc %s: %v\n", cmd.name, err)
			return exitError
		}
	}
	return exitOK
}

// writeImage writes the OCI image archive of the binary at bin (built
// again for linux when veloc runs elsewhere: an image is a linux one).
func writeImage(name string, gen map[string][]byte, bin, path string) error {
	repo := strings.TrimSuffix(filepath.Base(bin), filepath.Ext(bin))
	if runtime.GOOS != "linux" {
		dir, err := os.MkdirTemp("", "veloc-image-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "app")
		req := gobuild.Request{Name: "app", Files: gen, Out: bin, Env: []string{"GOOS=linux", "GOARCH=" + runtime.GOARCH}}
		if err := gobuild.Build(context.Background(), req); err != nil {
			return fmt.Errorf("building the image's linux binary: %w", err)
		}
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	err = ociimage.Write(f, ociimage.Image{
		Repository: repo,
		Tag:        "latest",
		Binary:     data,
		Arch:       runtime.GOARCH,
		Port:       9091,
		Labels: map[string]string{
			"org.opencontainers.image.title":  filepath.Base(name),
			"org.opencontainers.image.source": "veloc build " + filepath.Base(name),
		},
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("image %s: %w", path, err)
	}
	return nil
}
