package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// TestKafkaConfigFile reads a Kafka source's settings from a YAML config
// file that extends another (io.md): the topic comes from ${VAR:default}
// expanded when the program starts, a client setting from Velostream's
// nesting, and the program's --help lists it as an overridable property.
func TestKafkaConfigFile(t *testing.T) {
	addr := startDevKafka(t, "--topics", "orders_in")
	dir := writeFiles(t, map[string]string{
		"app.sql": `CREATE STREAM orders (id INTEGER, amount DOUBLE) WITH ('orders.config_file' = 'config/orders.yaml');
CREATE STREAM big AS SELECT id, amount FROM orders WHERE amount > 10
WITH ('big.type' = 'file_sink', 'big.path' = 'big.csv');
`,
		"config/common.yaml": "type: kafka_source\ndatasource:\n  consumer_config:\n    session.timeout.ms: 6000\n",
		"config/orders.yaml": "extends: common.yaml\ntopic:\n  name: ${ORDERS_TOPIC:orders_in}\ngroup.id: config-file-test\n",
	})
	if r := run(t, dir, "build", "app.sql", "-o", "app"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	for i, amount := range []float64{5, 15, 25} {
		v := fmt.Sprintf(`{"id":%d,"amount":%g}`, i, amount)
		if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "orders_in", Value: []byte(v)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "app")
	if r := runBin(t, bin, dir, "--brokers", addr, "--bounded"); r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "big.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "id,amount\n1,15\n2,25\n"; string(got) != want {
		t.Errorf("big.csv:\n%s\nwant:\n%s", got, want)
	}
	help := runBin(t, bin, dir, "--help")
	for _, want := range []string{"orders.session.timeout.ms", "6000", "orders.topic", "${ORDERS_TOPIC:orders_in}"} {
		if !strings.Contains(help.stdout+help.stderr, want) {
			t.Errorf("--help does not show %q:\n%s%s", want, help.stdout, help.stderr)
		}
	}
}
