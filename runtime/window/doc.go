// Package window holds the state that windowed aggregations share,
// generic over the generated accumulator types: the queue of open windows
// ordered by the time they close, so that closing costs O(log n) per
// closed window and nothing for the open ones, and the watermark.
package window
