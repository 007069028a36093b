package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const badOrders = "id,item,qty\n1,bolt,3\n2,gear,2\nx,nut,1\n3,nut,thr33\n4,axle,4\n5,cam\n"

func TestErrorPolicies(t *testing.T) {
	tests := []struct {
		policy  string
		code    int
		out     string // output file
		in      int64  // records counted in (a record failed is still read)
		failed  map[string]int64
		dlq     int      // DLQ lines
		stderr  []string // substrings
		noLines bool     // the error line must be absent
	}{
		{policy: "skip", code: 0, out: "id,item,qty\n1,bolt,3\n2,gear,2\n4,axle,4\n", in: 6,
			failed: map[string]int64{BadParse: 2, BadMalformed: 1},
			stderr: []string{"level=WARN", "error record skipped", "job=picked", "source=orders", "orders.csv:5", `column qty: cannot parse \"thr33\" as INTEGER`, "kind=parse", "records_in=6", "records_out=3", "failed=3"}},
		{policy: "dlq", code: 0, out: "id,item,qty\n1,bolt,3\n2,gear,2\n4,axle,4\n", in: 6,
			failed: map[string]int64{BadParse: 2, BadMalformed: 1}, dlq: 3,
			stderr: []string{"sent to the dead-letter queue", "failed=3"}},
		{policy: "fail", code: 1, in: 3, failed: map[string]int64{BadParse: 1},
			stderr: []string{`orders.csv:4: column id: cannot parse "x" as INTEGER`}},
	}
	for _, tt := range tests {
		t.Run(tt.policy, func(t *testing.T) {
			dir := t.TempDir()
			in, out, dlq := filepath.Join(dir, "orders.csv"), filepath.Join(dir, "picked.csv"), filepath.Join(dir, "dlq", "picked.jsonl")
			writeFile(t, in, badOrders)
			var counts Counts
			var stdout, stderr bytes.Buffer
			code := MainWith(pickedProgram(), []string{
				"--set", "orders.path=" + in, "--set", "picked.path=" + out,
				"--set", "picked.error.policy=" + tt.policy, "--set", "picked.dlq=" + dlq,
			}, Options{Stdout: &stdout, Stderr: &stderr, MetricsAddr: testMetricsAddr, JobDone: func(job string, c Counts, err error) { counts = c }})
			if code != tt.code {
				t.Fatalf("exit status %d, want %d\n%s", code, tt.code, stderr.String())
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
			if counts.In["orders"] != tt.in || fmt.Sprint(counts.Failed) != fmt.Sprint(tt.failed) {
				t.Errorf("counts in=%v failed=%v, want in=%d failed=%v", counts.In, counts.Failed, tt.in, tt.failed)
			}
			if tt.out != "" {
				if got := readFile(t, out); got != tt.out {
					t.Errorf("output:\n%s\nwant:\n%s", got, tt.out)
				}
			}
			if tt.policy == "fail" {
				// The error is the last line, exactly as runtime.md wants it.
				lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
				want := "veloc: job picked: " + in + `:4: column id: cannot parse "x" as INTEGER`
				if last := lines[len(lines)-1]; last != want {
					t.Errorf("last line of stderr:\n%s\nwant:\n%s", last, want)
				}
				if strings.Contains(stderr.String(), "goroutine ") {
					t.Errorf("stderr holds a stack trace:\n%s", stderr.String())
				}
			}
			if tt.dlq == 0 {
				return
			}
			lines := strings.Split(strings.TrimSuffix(readFile(t, dlq), "\n"), "\n")
			if len(lines) != tt.dlq {
				t.Fatalf("DLQ has %d lines, want %d:\n%s", len(lines), tt.dlq, strings.Join(lines, "\n"))
			}
			var first struct{ Job, Source, Location, Reason, Kind, Raw string }
			if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
				t.Fatalf("DLQ line %q: %v", lines[0], err)
			}
			want := struct{ Job, Source, Location, Reason, Kind, Raw string }{
				"picked", "orders", in + ":4", `column id: cannot parse "x" as INTEGER`, "parse", "x,nut,1"}
			if first != want {
				t.Errorf("DLQ line 1 = %+v\nwant %+v", first, want)
			}
			if !strings.Contains(lines[2], `"raw":"5,cam"`) || !strings.Contains(lines[2], "want 3 fields, got 2") {
				t.Errorf("DLQ line 3 = %s", lines[2])
			}
		})
	}
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestWarningsAreRateLimited(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	var logs bytes.Buffer
	var counts Counts
	p := &Program{Jobs: []JobDef{{Name: "j", Sources: []string{"s"}, Run: func(ctx context.Context, env *Env) error {
		bad := func(n int) {
			for i := range n {
				if err := env.BadRecord(Location{File: "f.csv", Line: i + 2}, BadParse, "bad", nil); err != nil {
					t.Error(err)
				}
			}
		}
		bad(25) // 10 logged, 15 suppressed
		clock.advance(time.Second)
		bad(3) // 1 logged carrying suppressed=15, 2 suppressed
		clock.advance(time.Second / 2)
		bad(4) // all suppressed: 6 pending for the end of the job
		return nil
	}}}}
	err := Run(context.Background(), p, Options{
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), now: clock.now,
		JobDone: func(_ string, c Counts, _ error) { counts = c },
	})
	if err != nil {
		t.Fatal(err)
	}
	text := logs.String()
	if n := strings.Count(text, "error record skipped"); n != 11 {
		t.Errorf("%d warnings logged, want 11:\n%s", n, text)
	}
	for _, s := range []string{"suppressed=15", `msg="error-record warnings suppressed" job=j suppressed=6`, "source=s location=f.csv:2", "failed=32"} {
		if !strings.Contains(text, s) {
			t.Errorf("log lacks %q:\n%s", s, text)
		}
	}
	if counts.Failed[BadParse] != 32 {
		t.Errorf("counted %v, want parse=32", counts.Failed)
	}
}

func TestBadRecordConcurrent(t *testing.T) {
	dir := t.TempDir()
	dlq := filepath.Join(dir, "d.jsonl")
	// Two jobs share one DLQ file; each has workers reporting at once.
	job := func(ctx context.Context, env *Env) error {
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for w := range 4 {
			wg.Go(func() {
				for i := range 250 {
					if err := env.BadRecord(Location{Topic: "t", Partition: int32(w), Offset: int64(i)}, "", "r", []byte("v")); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		return <-errs
	}
	p := &Program{Jobs: []JobDef{{Name: "a", Run: job}, {Name: "b", Run: job}}}
	var mu sync.Mutex
	total := int64(0)
	err := Run(context.Background(), p, Options{
		Overrides: map[string]string{"a.error.policy": "dlq", "a.dlq": dlq, "b.error.policy": "dlq", "b.dlq": dlq},
		Logger:    slog.New(slog.DiscardHandler),
		JobDone: func(_ string, c Counts, _ error) {
			mu.Lock()
			total += c.Failed[BadOther]
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2000 {
		t.Errorf("counted %d, want 2000", total)
	}
	data := readFile(t, dlq)
	if n := strings.Count(data, "\n"); n != 2000 {
		t.Errorf("DLQ has %d lines, want 2000", n)
	}
	if !strings.Contains(data, `"location":"topic t partition 3 offset 249"`) {
		t.Errorf("DLQ lacks a Kafka location")
	}
}

func TestUnwritableDLQFailsAtStart(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "file"), "")
	ran := false
	p := &Program{Jobs: []JobDef{{Name: "j", Run: func(context.Context, *Env) error { ran = true; return nil }}}}
	err := Run(context.Background(), p, Options{
		Overrides: map[string]string{"j.error.policy": "dlq", "j.dlq": filepath.Join(dir, "file", "dlq.jsonl")},
		Logger:    slog.New(slog.DiscardHandler),
	})
	var je *JobError
	if !errors.As(err, &je) || je.Job != "j" || !strings.Contains(err.Error(), "dlq.jsonl") || ExitCode(err) != 1 {
		t.Errorf("err = %v (exit %d), want job j's error naming the file, exit 1", err, ExitCode(err))
	}
	if ran {
		t.Error("the job ran although its DLQ could not be opened")
	}
}
