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
	produce(t, kafkaCtx(t), addr, values("orders_in", `{"id":0,"amount":5}`, `{"id":1,"amount":15}`, `{"id":2,"amount":25}`)...)
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

// TestKafkaKeyJSON writes a compound PRIMARY KEY as a JSON object
// ('key.format' = 'json', io.md), NULL as null, the columns staying in
// the value.
func TestKafkaKeyJSON(t *testing.T) {
	addr := startDevKafka(t, "--topics", "keyed")
	dir := writeFiles(t, map[string]string{
		"app.sql": `CREATE STREAM src (region STRING, id INTEGER, v DOUBLE) WITH ('src.type' = 'file_source', 'src.path' = 'src.csv');
CREATE STREAM keyed AS SELECT region PRIMARY KEY, id PRIMARY KEY, v FROM src
WITH ('keyed.type' = 'kafka_sink', 'keyed.key.format' = 'json');
`,
		"src.csv": "region,id,v\neu,1,1.5\n,2,2.5\n",
	})
	if r := run(t, dir, "build", "app.sql", "-o", "app"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	if r := runBin(t, filepath.Join(dir, "app"), dir, "--brokers", addr); r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	var got []string
	for _, r := range readTopic(t, kafkaCtx(t), addr, "keyed", 2) {
		got = append(got, string(r.Key)+" "+string(r.Value))
	}
	want := []string{
		`{"region":"eu","id":1} {"region":"eu","id":1,"v":1.5}`,
		`{"region":null,"id":2} {"region":null,"id":2,"v":2.5}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestKafkaTombstones: a tombstone (null value) is skipped by a query
// that reads the value, and is a row of a query that reads the key only
// (io.md).
func TestKafkaTombstones(t *testing.T) {
	addr := startDevKafka(t, "--topics", "accounts")
	dir := writeFiles(t, map[string]string{
		"app.sql": `CREATE STREAM accounts (balance INTEGER) WITH ('accounts.type' = 'kafka_source');
CREATE STREAM keys AS SELECT _key AS k FROM accounts WITH ('keys.type' = 'file_sink', 'keys.path' = 'keys.csv');
CREATE STREAM balances AS SELECT _key AS k, balance FROM accounts WITH ('balances.type' = 'file_sink', 'balances.path' = 'balances.csv');
`,
	})
	if r := run(t, dir, "build", "app.sql", "-o", "app"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	produce(t, kafkaCtx(t), addr,
		&kgo.Record{Topic: "accounts", Key: []byte("a"), Value: []byte(`{"balance":1}`)},
		&kgo.Record{Topic: "accounts", Key: []byte("b")},
		&kgo.Record{Topic: "accounts", Key: []byte("c"), Value: []byte(`{"balance":3}`)})
	r := runBin(t, filepath.Join(dir, "app"), dir, "--brokers", addr, "--bounded")
	if r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	for file, want := range map[string]string{"keys.csv": "k\na\nb\nc\n", "balances.csv": "k,balance\na,1\nc,3\n"} {
		got, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s:\n%s\nwant:\n%s", file, got, want)
		}
	}
}

// TestKafkaValueFormats reads and writes CSV and 'string' message values
// (io.md): a CSV message is one record without a header, quoted as RFC
// 4180 says; a string message is one STRING column.
func TestKafkaValueFormats(t *testing.T) {
	addr := startDevKafka(t, "--topics", "csv_in,csv_out,lines,upper")
	dir := writeFiles(t, map[string]string{
		"app.sql": `CREATE STREAM csv_in (id INTEGER, name STRING, price DOUBLE) WITH ('csv_in.type' = 'kafka_source', 'csv_in.format' = 'csv');
CREATE STREAM csv_out AS SELECT id, name, price * 2 AS double_price FROM csv_in
WITH ('csv_out.type' = 'kafka_sink', 'csv_out.format' = 'csv');
CREATE STREAM lines (line STRING) WITH ('lines.type' = 'kafka_source', 'lines.value.format' = 'string');
CREATE STREAM upper AS SELECT UPPER(line) AS line FROM lines WHERE line <> 'skip'
WITH ('upper.type' = 'kafka_sink', 'upper.format' = 'string');
`,
	})
	if r := run(t, dir, "build", "app.sql", "-o", "app"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	ctx := kafkaCtx(t)
	produce(t, ctx, addr, values("csv_in", "1,apple,2.5", `2,"b,c",3`, "x,bad,1", "3,two,1\n4,records,1")...)
	produce(t, ctx, addr, values("lines", "hello world", "skip", "a,b")...)
	r := runBin(t, filepath.Join(dir, "app"), dir, "--brokers", addr, "--bounded")
	if r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	for _, want := range []string{"column id: cannot parse", "the message holds more than one CSV record", "failed=2"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	read := func(topic string, n int) []string {
		var got []string
		for _, r := range readTopic(t, ctx, addr, topic, n) {
			got = append(got, string(r.Value))
		}
		return got
	}
	if got, want := read("csv_out", 2), []string{"1,apple,5", `2,"b,c",6`}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("csv_out: %q, want %q", got, want)
	}
	if got, want := read("upper", 2), []string{"HELLO WORLD", "A,B"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("upper: %q, want %q", got, want)
	}
}

// TestKafkaDeadLetterTopic: a Kafka job whose '<job>.dlq' is a bare name
// writes its error records to that topic, one JSON message each.
func TestKafkaDeadLetterTopic(t *testing.T) {
	addr := startDevKafka(t, "--topics", "events,events_dlq")
	dir := writeFiles(t, map[string]string{
		"app.sql": `CREATE STREAM events (id INTEGER, v INTEGER) WITH ('events.type' = 'kafka_source');
CREATE STREAM ok_events AS SELECT id, 100 / v AS q FROM events
WITH ('ok_events.type' = 'file_sink', 'ok_events.path' = 'ok.csv', 'ok_events.error.policy' = 'dlq', 'ok_events.dlq' = 'events_dlq');
`,
	})
	if r := run(t, dir, "build", "app.sql", "-o", "app"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	ctx := kafkaCtx(t)
	produce(t, ctx, addr, values("events", `{"id":1,"v":4}`, `{"id":2,"v":0}`, `not json`)...)
	if r := runBin(t, filepath.Join(dir, "app"), dir, "--brokers", addr, "--bounded"); r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "events_dlq")); err == nil {
		t.Error("the dead letters went to a file named events_dlq, not to the topic")
	}
	var got []string
	for _, r := range readTopic(t, ctx, addr, "events_dlq", 2) {
		var m map[string]string
		if err := json.Unmarshal(r.Value, &m); err != nil {
			t.Errorf("%s: %v", r.Value, err)
		}
		got = append(got, m["kind"]+" "+m["location"]+" "+m["raw"])
	}
	want := []string{
		`division_by_zero topic events partition 0 offset 1 {"id":2,"v":0}`,
		`malformed topic events partition 0 offset 2 not json`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("dead letters:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestKafkaEventTimeTimestamps: a message's timestamp is its record's
// event time ('event.time.field', io.md); without one (NULL), the time
// of writing.
func TestKafkaEventTimeTimestamps(t *testing.T) {
	addr := startDevKafka(t, "--topics", "stamped")
	dir := writeFiles(t, map[string]string{
		"app.sql": `CREATE STREAM src (id INTEGER, at INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'src.csv');
CREATE STREAM stamped AS SELECT id FROM src
WITH ('stamped.type' = 'kafka_sink', 'event.time.field' = 'at');
`,
		"src.csv": "id,at\n1,1700000000123\n2,\n",
	})
	if r := run(t, dir, "build", "app.sql", "-o", "app"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	start := time.Now()
	if r := runBin(t, filepath.Join(dir, "app"), dir, "--brokers", addr); r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	msgs := readTopic(t, kafkaCtx(t), addr, "stamped", 2)
	if got := msgs[0].Timestamp.UnixMilli(); got != 1700000000123 {
		t.Errorf("message 1 has timestamp %d, want its event time 1700000000123", got)
	}
	if got := msgs[1].Timestamp; got.Before(start.Add(-time.Second)) {
		t.Errorf("message 2 (no event time) has timestamp %v, want the time of writing (after %v)", got, start)
	}
}

// TestKafkaWindowTimestamps: a window's rows are stamped with the window's
// last instant (its end less 1 ms).
func TestKafkaWindowTimestamps(t *testing.T) {
	addr := startDevKafka(t, "--topics", "bars")
	dir := writeFiles(t, map[string]string{
		"app.sql": `CREATE STREAM ticks (sym STRING, ts TIMESTAMP) WITH ('ticks.type' = 'file_source', 'ticks.path' = 'ticks.csv');
CREATE STREAM bars AS SELECT sym, COUNT(*) AS n FROM ticks GROUP BY sym WINDOW TUMBLING(ts, 1m)
WITH ('bars.type' = 'kafka_sink');
`,
		"ticks.csv": "sym,ts\na,2024-03-01T10:00:05Z\na,2024-03-01T10:00:35Z\na,2024-03-01T10:01:10Z\n",
	})
	if r := run(t, dir, "build", "app.sql", "-o", "app"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	if r := runBin(t, filepath.Join(dir, "app"), dir, "--brokers", addr); r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	msgs := readTopic(t, kafkaCtx(t), addr, "bars", 2)
	for i, want := range []string{"2024-03-01T10:00:59.999Z", "2024-03-01T10:01:59.999Z"} {
		if got := msgs[i].Timestamp.UTC().Format("2006-01-02T15:04:05.000Z"); got != want {
			t.Errorf("window %d is stamped %s, want %s (%s)", i+1, got, want, msgs[i].Value)
		}
	}
}
