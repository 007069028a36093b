package codegen_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestKafkaTableTombstones joins a stream with a table read from a Kafka
// topic (compacted in spirit: the latest value per key) in which a
// message without a value deletes its key, on an in-process broker.
func TestKafkaTableTombstones(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	cluster, err := kfake.NewCluster(kfake.Ports(0), kfake.SeedTopics(1, "devices", "pairs"))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	addr := cluster.ListenAddrs()[0]
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, m := range []struct{ topic, key, value string }{
		{"devices", "D1", `{"device_id":"D1","location":"boiler room"}`},
		{"devices", "D2", `{"device_id":"D2","location":"roof"}`},
		{"devices", "D3", `{"device_id":"D3","location":"cellar"}`},
		{"devices", "D2", ""}, // tombstone
		{"devices", "D1", `{"device_id":"D1","location":"basement"}`},
		{"devices", "", ""}, // a tombstone without a key: an error record
		{"pairs", "a|1", `{"a":"a","n":1,"label":"one"}`},
		{"pairs", "b|2", `{"a":"b","n":2,"label":"two"}`},
		{"pairs", "a|1", ""},
	} {
		r := &kgo.Record{Topic: m.topic}
		if m.key != "" {
			r.Key = []byte(m.key)
		}
		if m.value != "" {
			r.Value = []byte(m.value)
		}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "readings.csv", "reading_id,device_id,a,n\n1,D1,a,1\n2,D2,b,2\n3,D3,a,2\n4,D7,b,2\n")
	sql := `CREATE TABLE devices (device_id STRING, location STRING, PRIMARY KEY (device_id))
WITH ('devices.type' = 'kafka_source', 'devices.topic' = 'devices');
CREATE TABLE pairs (a STRING, n INTEGER, label STRING, PRIMARY KEY (a, n))
WITH ('pairs.type' = 'kafka_source', 'pairs.topic' = 'pairs');
CREATE STREAM readings (reading_id INTEGER, device_id STRING, a STRING, n INTEGER)
WITH ('readings.type' = 'file_source', 'readings.path' = 'readings.csv');
CREATE STREAM out AS SELECT r.reading_id, d.location, p.label
FROM readings r LEFT JOIN devices d ON d.device_id = r.device_id LEFT JOIN pairs p ON p.a = r.a AND p.n = r.n
WITH ('out.type' = 'stdout_sink');
`
	bin := buildProgram(t, sql, dir)
	cmd := exec.Command(bin, "--bounded", "--brokers", addr)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	got := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	sort.Strings(got)
	want := []string{
		`{"reading_id":1,"location":"basement","label":null}`,
		`{"reading_id":2,"location":null,"label":"two"}`,
		`{"reading_id":3,"location":"cellar","label":null}`,
		`{"reading_id":4,"location":null,"label":"two"}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), stderr.String())
	}
	if !strings.Contains(stderr.String(), "job=devices records_in=6 records_out=5 failed=1") {
		t.Errorf("the devices load job should read 6 messages, pass on 5 and fail the tombstone without a key:\n%s", stderr.String())
	}
}

// TestKafkaTableKeptCurrent joins a Kafka stream with a Kafka table read
// without --bounded: the stream starts once the table's topic has been
// read to the end it had at start, and later changes of the table (an
// update, a tombstone) are seen by later stream records.
func TestKafkaTableKeptCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	cluster, err := kfake.NewCluster(kfake.Ports(0), kfake.SeedTopics(1, "devices", "readings"))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	addr := cluster.ListenAddrs()[0]
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	produce := func(topic, key, value string) {
		t.Helper()
		r := &kgo.Record{Topic: topic, Key: []byte(key)}
		if value != "" {
			r.Value = []byte(value)
		}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	produce("devices", "D1", `{"device_id":"D1","location":"boiler room"}`)
	produce("devices", "D2", `{"device_id":"D2","location":"roof"}`)
	produce("readings", "1", `{"reading_id":1,"device_id":"D1","place":"roof"}`)

	dir := t.TempDir()
	sql := `CREATE TABLE devices (device_id STRING, location STRING, PRIMARY KEY (device_id))
WITH ('devices.type' = 'kafka_source', 'devices.topic' = 'devices');
CREATE STREAM readings (reading_id INTEGER, device_id STRING, place STRING)
WITH ('readings.type' = 'kafka_source', 'readings.topic' = 'readings');
CREATE STREAM out AS SELECT r.reading_id, d.location, z.device_id AS at_place
FROM readings r LEFT JOIN devices d ON d.device_id = r.device_id LEFT JOIN devices z ON z.location = r.place
WITH ('out.type' = 'stdout_sink');
`
	bin := buildProgram(t, sql, dir)
	cmd := exec.CommandContext(ctx, bin, "--brokers", addr, "--metrics-addr", "")
	cmd.Dir = dir
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	next := func(want string) {
		t.Helper()
		select {
		case got, ok := <-lines:
			if !ok || got != want {
				t.Fatalf("got %q (open %v), want %q\n%s", got, ok, want, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no output; want %q\n%s", want, stderr.String())
		}
	}
	next(`{"reading_id":1,"location":"boiler room","at_place":"D2"}`)
	produce("devices", "D1", `{"device_id":"D1","location":"basement"}`)
	produce("devices", "D2", "") // tombstone
	time.Sleep(time.Second)      // the follower applies the changes as they come
	produce("readings", "2", `{"reading_id":2,"device_id":"D1","place":"basement"}`)
	produce("readings", "3", `{"reading_id":3,"device_id":"D2","place":"roof"}`)
	next(`{"reading_id":2,"location":"basement","at_place":"D1"}`)
	next(`{"reading_id":3,"location":null,"at_place":null}`)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v after SIGINT\n%s", err, stderr.String())
	}
}

// lockedBuffer is a bytes.Buffer the test reads while the program writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
