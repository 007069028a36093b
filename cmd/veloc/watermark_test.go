package main

import (
	"bufio"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

const watermarkJob = `CREATE STREAM ticks (k STRING, ts INTEGER) WITH (
    'ticks.type' = 'kafka_source',
    'ticks.topic' = 'ticks',
    'ticks.group.id' = 'watermark-test'
);
CREATE STREAM per_second AS SELECT k, _window_start, COUNT(*) AS n
FROM ticks GROUP BY k WINDOW TUMBLING(ts, 1s)
WITH ('watermark.idle_timeout' = '2s', 'per_second.type' = 'stdout_sink');
`

// TestKafkaWatermarkPerPartition is dialect.md's watermark: per partition,
// the job's the smallest, and a partition idle for 'watermark.idle_timeout'
// stops holding it back. Partition 0 runs ahead to 5s while partition 1 is
// at 1s: a partition-1 row at 1.2s is not late (one watermark over both
// partitions would have closed its window). Then partition 1 falls silent;
// once it is idle, the 1s windows close on partition 0's watermark, and a
// later partition-1 row for them is late.
func TestKafkaWatermarkPerPartition(t *testing.T) {
	addr := startDevKafka(t, "--topics", "ticks", "--partitions", "2")
	dir := writeFiles(t, map[string]string{"wm.sql": watermarkJob})
	if r := run(t, dir, "build", "wm.sql", "-o", "wm"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	produce := func(part int32, v string) {
		t.Helper()
		if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "ticks", Partition: part, Value: []byte(v)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	produce(0, `{"k":"a","ts":1000}`)
	produce(1, `{"k":"b","ts":1000}`)
	produce(0, `{"k":"a","ts":5000}`)
	produce(1, `{"k":"b","ts":1200}`)

	cmd := exec.Command(filepath.Join(dir, "wm"), "--brokers", addr, "--metrics-addr", "")
	cmd.Dir = dir
	var stderr logBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var got []string
	for len(got) < 2 {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the program ended early:\n%s", stderr.String())
			}
			got = append(got, l)
		case <-ctx.Done():
			t.Fatalf("windows did not close once partition 1 was idle; rows so far %q\n%s", got, stderr.String())
		}
	}
	want := []string{
		`{"k":"a","_window_start":"1970-01-01T00:00:01.000Z","n":1}`,
		`{"k":"b","_window_start":"1970-01-01T00:00:01.000Z","n":2}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("closed windows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	produce(1, `{"k":"b","ts":1500}`) // its window has closed
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), "late") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "late=1") {
		t.Errorf("want one late row in the summary:\n%s", stderr.String())
	}
}
