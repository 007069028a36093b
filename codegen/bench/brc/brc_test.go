package brc

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/velocsql/veloc/codegen/bench/brc/brcpipe"
	"github.com/velocsql/veloc/codegen/bench/brc/reference"
	"github.com/velocsql/veloc/examples/1brc/measurements"
	"github.com/velocsql/veloc/golden/generated"
)

func TestGeneratedUpToDate(t *testing.T) {
	generated.Check(t, ".", "../../../examples/1brc/app.sql", "brcpipe")
}

// runGenerated runs the generated pipeline on path, writing its CSV to
// sink (a file path).
func runGenerated(path, sink string) error {
	p, err := brcpipe.New(brcpipe.Config{
		Set:    map[string]string{"measurements.path": path, "station_stats.path": sink},
		Stderr: io.Discard,
	})
	if err != nil {
		return err
	}
	return p.Run(context.Background())
}

// TestSameOutput checks that veloc and the reference agree on every
// station's min, mean and max.
func TestSameOutput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.txt")
	if err := measurements.Write(path, 200_000, 7); err != nil {
		t.Fatal(err)
	}
	sink := filepath.Join(dir, "out.csv")
	if err := runGenerated(path, sink); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(sink)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := reference.Run(path, &want, 0); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("veloc and the reference differ:\n%.400s\nvs\n%.400s", got, want.Bytes())
	}
	if bytes.Count(got, []byte("\n")) < 400 {
		t.Errorf("too few stations:\n%.200s", got)
	}
}

var (
	inputOnce sync.Once
	inputPath string
	inputErr  error
)

// benchRows is the input size: $BRC_ROWS, default 10M.
func benchRows() int64 {
	if n, err := strconv.ParseInt(os.Getenv("BRC_ROWS"), 10, 64); err == nil && n > 0 {
		return n
	}
	return 10_000_000
}

func input(b *testing.B) string {
	inputOnce.Do(func() {
		dir, err := os.MkdirTemp("", "veloc-brc-")
		if err != nil {
			inputErr = err
			return
		}
		inputPath = filepath.Join(dir, "measurements.txt")
		inputErr = measurements.Write(inputPath, benchRows(), 1)
	})
	if inputErr != nil {
		b.Fatal(inputErr)
	}
	return inputPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if inputPath != "" {
		os.RemoveAll(filepath.Dir(inputPath))
	}
	os.Exit(code)
}

func BenchmarkOneBRC(b *testing.B) {
	path := input(b)
	rows := float64(benchRows())
	report := func(b *testing.B) {
		b.ReportMetric(rows*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(rows*float64(b.N)), "ns/record")
	}
	b.Run("generated", func(b *testing.B) {
		sink := filepath.Join(b.TempDir(), "out.csv")
		for b.Loop() {
			if err := runGenerated(path, sink); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	b.Run("reference", func(b *testing.B) {
		for b.Loop() {
			if err := reference.Run(path, io.Discard, 0); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
}
