package kafka

import (
	"context"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// This file reports a source's health to runtime/metrics: connected once
// NewSource has reached the brokers and found the topic, and per
// partition the lag, the records between the partition's end (its high
// watermark, or last stable offset under read_committed) and the job's
// position. The position moves in Commit, after the job's sinks have
// written a batch, so a lag of 0 means everything up to the end has been
// processed, not merely fetched: that is what /readyz's "caught up"
// promises.

// initialLag sets every partition's lag before the first fetch: the end
// offsets less where reading starts (the group's committed offset, else
// the log start, or the end with 'latest'). It reuses what a bounded (or
// start-tracking) source lists anyway; a listing error leaves the lag unknown until the
// first batch.
func (s *Source) initialLag(ctx context.Context, adm *kadm.Client, group string, readCommitted, latest bool) {
	if s.health == nil {
		return
	}
	if !s.track {
		if err := s.listBounds(ctx, adm, group, readCommitted, latest); err != nil {
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, end := range s.end {
		s.health.SetLag(s.topic, p, end-s.next[p])
	}
	if !s.track { // lent for the lag only: a source that does not track them has none
		s.end, s.next = nil, nil
	}
}

// noteFetch records a fetched partition's end and the last record of the
// batch (the position after the batch once it is committed). s.mu is held.
func (s *Source) noteFetch(ftp kgo.FetchTopicPartition, last *kgo.Record) {
	if s.health == nil {
		return
	}
	if s.hw == nil {
		s.hw, s.fetched = map[int32]int64{}, map[int32]int64{}
	}
	end := ftp.HighWatermark
	if s.readCommitted {
		end = ftp.LastStableOffset
	}
	s.hw[ftp.Partition] = end
	if last != nil {
		s.fetched[ftp.Partition] = last.Offset + 1
	}
}

// reportLag publishes the lag of every partition of the batch just
// committed (or, without a group, just written).
func (s *Source) reportLag() {
	if s.health == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, pos := range s.fetched {
		s.health.SetLag(s.topic, p, s.hw[p]-pos)
	}
	clear(s.fetched)
}

// forgetUnassigned drops the lag of partitions the group gave to other
// members, at the first assignment; s.mu is held.
func (s *Source) forgetUnassigned() {
	if s.health == nil || s.joined {
		return
	}
	for _, p := range s.partitions {
		if !s.assigned[p] {
			s.health.ForgetPartition(s.topic, p)
		}
	}
}

// since is time.Since, for the deserialize phase.
func since(t time.Time) time.Duration { return time.Since(t) }
