package app

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// testMetricsAddr keeps tests off the default port: each run binds a
// free one.
const testMetricsAddr = "127.0.0.1:0"

// syncBuffer is a bytes.Buffer safe for the logger and the test to share.
type syncBuffer struct {
	lockedWriter
	buf bytes.Buffer
}

func newSyncBuffer() *syncBuffer {
	b := &syncBuffer{}
	b.w = &b.buf
	return b
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listening = regexp.MustCompile(`msg="metrics server listening".* addr=(\S+)`)

// serverAddr waits for the "metrics server listening" log line and
// returns its address.
func serverAddr(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	for range 500 {
		if m := listening.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no metrics server in the log:\n%s", logs.String())
	return ""
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// TestServerHealthAndReadiness runs a job whose source connects only when
// the test says so: /healthz is 200 throughout, /readyz 503 naming the
// source until it connects, then 200; /metrics has the job's series.
func TestServerHealthAndReadiness(t *testing.T) {
	connect, stop := make(chan struct{}), make(chan struct{})
	p := &Program{Name: "obs", Version: "v9", SQLHash: "feed", Deployment: Deployment{Region: "${OBS_REGION:eu-1}"},
		Jobs: []JobDef{{Name: "j", Sources: []string{"in"}, Sinks: []string{"out"}, Run: func(ctx context.Context, env *Env) error {
			<-connect
			env.SourceHealth("in").SetConnected()
			env.In("in").Add(7)
			env.Out("out").Add(3)
			env.BadRecord(Location{Source: "in"}, BadParse, "bad", nil)
			<-stop
			return nil
		}}}}
	logs := newSyncBuffer()
	done := make(chan int, 1)
	go func() {
		done <- MainWith(p, []string{"--metrics-addr", testMetricsAddr, "--node-id", "n7"}, Options{Stderr: logs})
	}()
	base := "http://" + serverAddr(t, logs)
	if code, body := get(t, base+"/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "job j: source in is not connected") {
		t.Errorf("/readyz before connecting = %d %q, want 503 naming the source", code, body)
	}
	close(connect)
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, body := get(t, base+"/readyz")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz never ready: %d %q", code, body)
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, body := get(t, base+"/metrics")
	for _, want := range []string{
		`veloc_records_in_total{job="j",source="in"} 7`,
		`veloc_records_out_total{job="j",sink="out"} 3`,
		`veloc_records_failed_total{job="j",reason="parse"} 1`,
		`veloc_records_failed_total{job="j",reason="cast"} 0`,
		`veloc_records_late_total{job="j"} 0`,
		`veloc_build_info{app="obs",node_id="n7",node_name="",region="eu-1",sql_hash="feed",version="v9"} 1`,
		`go_goroutines `,
		`process_cpu_seconds_total `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	close(stop)
	if code := <-done; code != 0 {
		t.Fatalf("exit status %d\n%s", code, logs.String())
	}
	// The flag's node id and the annotation's region are on the job's lines.
	if !strings.Contains(logs.String(), `msg="job finished" node_id=n7 region=eu-1 job=j`) {
		t.Errorf("log lines lack the deployment context:\n%s", logs.String())
	}
}

// TestMetricsAddrTaken: a taken default address is a warning and the job
// runs; the same address passed with --metrics-addr is fatal.
func TestMetricsAddrTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	taken := ln.Addr().String()
	ran := false
	p := &Program{Jobs: []JobDef{{Name: "j", Run: func(context.Context, *Env) error { ran = true; return nil }}}}

	var stderr bytes.Buffer
	if code := MainWith(p, nil, Options{Stderr: &stderr, MetricsAddr: taken}); code != 0 || !ran {
		t.Fatalf("default address taken: exit %d, ran %v\n%s", code, ran, stderr.String())
	}
	if !strings.Contains(stderr.String(), "level=WARN msg=\"metrics server not started") || !strings.Contains(stderr.String(), "address already in use") {
		t.Errorf("no warning about the taken address:\n%s", stderr.String())
	}

	ran = false
	stderr.Reset()
	code := MainWith(p, []string{"--metrics-addr", taken}, Options{Stderr: &stderr})
	if code != 1 || ran || !strings.Contains(stderr.String(), "veloc: metrics server: listen tcp "+taken) {
		t.Fatalf("explicit address taken: exit %d, ran %v, want 1 and not run\n%s", code, ran, stderr.String())
	}
}

// TestMetricsDisabledByAnnotation: @observability.metrics.enabled: false
// means no server, unless --metrics-addr asks for one.
func TestMetricsDisabledByAnnotation(t *testing.T) {
	p := &Program{NoMetricsServer: true, Jobs: []JobDef{{Name: "j", Run: func(context.Context, *Env) error { return nil }}}}
	for _, tt := range []struct {
		args   []string
		server bool
	}{{nil, false}, {[]string{"--metrics-addr", testMetricsAddr}, true}} {
		var stderr bytes.Buffer
		if code := MainWith(p, tt.args, Options{Stderr: &stderr}); code != 0 {
			t.Fatalf("%v: exit %d\n%s", tt.args, code, stderr.String())
		}
		if got := strings.Contains(stderr.String(), "metrics server listening"); got != tt.server {
			t.Errorf("%v: server %v, want %v\n%s", tt.args, got, tt.server, stderr.String())
		}
	}
}
