package main

import (
	"bufio"
	"context"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// startDevKafka runs `veloc dev kafka` on a free port and returns its
// address; the broker is stopped with SIGINT when the test ends, and must
// exit 0.
func startDevKafka(t *testing.T, args ...string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return startDevKafkaAt(t, port, args...)
}

// startDevKafkaAt runs veloc dev kafka on a given port, for a test that
// starts a program before its broker.
func startDevKafkaAt(t *testing.T, port int, args ...string) string {
	t.Helper()
	cmd := exec.Command(veloc, append([]string{"dev", "kafka", "--port", strconv.Itoa(port)}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if err != nil || !strings.Contains(line, "listening on "+addr) {
		cmd.Process.Kill()
		t.Fatalf("veloc dev kafka said %q, %v", line, err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("veloc dev kafka did not exit cleanly on SIGINT: %v", err)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("veloc dev kafka did not stop on SIGINT")
		}
	})
	return addr
}

// TestDevKafka produces to and consumes from the broker with franz-go, a
// real Kafka client speaking the protocol over TCP.
func TestDevKafka(t *testing.T) {
	addr := startDevKafka(t, "--partitions", "3")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	prod, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	for i := range 10 {
		r := &kgo.Record{Topic: "orders", Key: []byte("k" + strconv.Itoa(i)), Value: []byte(strconv.Itoa(i)),
			Headers: []kgo.RecordHeader{{Key: "h", Value: []byte("v")}}}
		if err := prod.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	cons, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics("orders"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cons.Close()
	seen, parts := 0, map[int32]bool{}
	for seen < 10 {
		fs := cons.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("consumed %d of 10: %v", seen, err)
		}
		fs.EachRecord(func(r *kgo.Record) {
			seen++
			parts[r.Partition] = true
			if len(r.Headers) != 1 || string(r.Headers[0].Value) != "v" {
				t.Errorf("record %s lost its header: %v", r.Value, r.Headers)
			}
		})
	}
	if len(parts) < 2 {
		t.Errorf("keys went to %d partition(s); want them spread over the 3 partitions the topic got", len(parts))
	}
}

// TestDevKafkaKcat drives the broker with kcat, an independent client
// (librdkafka), as the conformance runner does.
func TestDevKafkaKcat(t *testing.T) {
	if _, err := exec.LookPath("kcat"); err != nil {
		t.Skip("kcat is not installed (apt-get install kcat; .ci/run installs it)")
	}
	addr := startDevKafka(t, "--topics", "in")
	produce := exec.Command("kcat", "-b", addr, "-P", "-t", "in", "-K", "\x1f", "-H", "trace=abc")
	produce.Stdin = strings.NewReader("k1\x1f{\"a\":1}\nk2\x1f{\"a\":2}\n")
	if out, err := produce.CombinedOutput(); err != nil {
		t.Fatalf("kcat -P: %v\n%s", err, out)
	}
	out, err := exec.Command("kcat", "-b", addr, "-C", "-t", "in", "-o", "beginning", "-e", "-q", "-f", "%k %s %h\n").CombinedOutput()
	if err != nil {
		t.Fatalf("kcat -C: %v\n%s", err, out)
	}
	if got, want := string(out), "k1 {\"a\":1} trace=abc\nk2 {\"a\":2} trace=abc\n"; got != want {
		t.Errorf("kcat read:\n%s\nwant:\n%s", got, want)
	}
}
