package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

const kafkaJob = `CREATE STREAM events (id INTEGER NOT NULL, v STRING) WITH (
    'events.type' = 'kafka_source',
    'events.topic' = 'in',
    'events.group.id' = 'restart-test',
    'events.session.timeout.ms' = '6000'
);
CREATE STREAM copied AS SELECT id, UPPER(v) AS v FROM events
WITH ('copied.type' = 'kafka_sink', 'copied.topic' = 'out', 'copied.auto.create' = 'true');
`

// TestKafkaKillRestart is runtime.md's at-least-once promise: the program
// is killed (SIGKILL, no chance to flush) while it copies a topic, more
// records arrive, and a restart with the same consumer group still writes
// every input record; records after the last commit may appear twice,
// none may be missing.
func TestKafkaKillRestart(t *testing.T) {
	cacheEnv(t)
	addr := startDevKafka(t, "--topics", "in")
	dir := writeFiles(t, map[string]string{"copy.sql": kafkaJob})
	if r := run(t, dir, "build", "copy.sql", "-o", "copy"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	bin := filepath.Join(dir, "copy")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	produce := func(from, to int) {
		for i := from; i < to; i++ {
			v := fmt.Sprintf(`{"id":%d,"v":"x%d"}`, i, i)
			if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "in", Value: []byte(v)}).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
	}
	const n = 3000
	start := time.Now()
	produce(0, n/2)
	t.Logf("produced after %v", time.Since(start))

	// First run: unbounded, killed once it has written some output.
	first := exec.Command(bin, "--brokers", addr)
	first.Dir = dir
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	seen := map[int]int{}
	consumer, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics("out"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer consumer.Close()
	read := func(want int) {
		for len(seen) < want {
			fs := consumer.PollFetches(ctx)
			if ctx.Err() != nil {
				t.Fatalf("read %d distinct ids, want %d: %v", len(seen), want, ctx.Err())
			}
			fs.EachRecord(func(r *kgo.Record) {
				var row struct {
					ID int
					V  string
				}
				if err := json.Unmarshal(r.Value, &row); err != nil || row.V != fmt.Sprintf("X%d", row.ID) {
					t.Errorf("bad output %s: %v", r.Value, err)
				}
				seen[row.ID]++
			})
		}
	}
	read(1)
	t.Logf("first output after %v", time.Since(start))
	first.Process.Kill()
	first.Wait()

	// More input while it is down, then a bounded restart.
	produce(n/2, n)
	second := exec.Command(bin, "--brokers", addr, "--bounded")
	second.Dir = dir
	if out, err := second.CombinedOutput(); err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	t.Logf("restart done after %v", time.Since(start))
	read(n)
	for i := range n {
		if seen[i] == 0 {
			t.Fatalf("id %d is missing from the output after the restart", i)
		}
	}
}
