// Package window holds the state that windowed aggregations and row
// windows share, generic over the generated accumulator types:
//
//   - Queue (queue.go): open windows ordered by the time they close, so
//     closing costs O(log n) per closed window and nothing for the open ones;
//   - Watermark (watermark.go): event-time progress per input partition,
//     with idle partitions;
//   - Closed and TumblingStart (bounds.go): window boundaries;
//   - Ring and Extreme (ring.go, deque.go): a bounded OVER frame's values
//     and its running MIN/MAX.
package window
