package kafka

import (
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/velocsql/veloc/runtime/metrics"
)

// TestHealthFollowsCatchUp is /readyz's Kafka half: a source that has not
// connected is not ready; once connected it is not ready while it is more
// than MaxLag records behind the end of its partition, and it becomes
// ready when the batches it polled are committed (written by the job).
func TestHealthFollowsCatchUp(t *testing.T) {
	ctx := testCtx(t)
	brokers := newCluster(t, kfake.SeedTopics(1, "t"))
	produce(t, ctx, brokers, "t", 0, 100)

	reg := metrics.New(metrics.Info{}, metrics.Options{MaxLag: 10})
	job := reg.Job(metrics.JobSpec{Name: "j", Sources: []string{"s"}})
	if ok, why := reg.Ready(); ok || !strings.Contains(strings.Join(why, ""), "source s is not connected") {
		t.Fatalf("before NewSource: ready %v %q, want not connected", ok, why)
	}
	src, err := NewSource(ctx, SourceConfig{Name: "s", Brokers: brokers, Topic: "t", Group: "g", StartFromEarliest: true,
		ConnectTimeout: 5 * time.Second, Extra: map[string]string{"max.poll.records": "30"}, Health: job.Source("s")})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if ok, why := reg.Ready(); ok || !strings.Contains(strings.Join(why, ""), "partition 0 is 100 records behind (at most 10)") {
		t.Fatalf("after connecting: ready %v %q, want 100 records behind", ok, why)
	}
	read, committed := 0, 0
	for read < 100 {
		recs, done, err := src.Poll(ctx)
		if err != nil || done {
			t.Fatalf("poll: %v, done %v", err, done)
		}
		read += len(recs)
		// Fetched but not yet committed: the lag has not moved.
		if ok, _ := reg.Ready(); ok != (100-committed <= 10) {
			t.Fatalf("fetched %d records, committed %d: ready %v", read, committed, ok)
		}
		if err := src.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		committed = read
		ok, why := reg.Ready()
		if want := 100-read <= 10; ok != want {
			t.Fatalf("after committing %d of 100: ready %v (%q), want %v", read, ok, why, want)
		}
	}
	if ok, why := reg.Ready(); !ok {
		t.Fatalf("caught up but not ready: %q", why)
	}
}
