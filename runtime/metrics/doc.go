// Package metrics is the observability of a generated veloc program
// (runtime.md "Observability"): the Prometheus metrics every job carries,
// the metrics declared with @metric annotations, and the HTTP server that
// serves /metrics, /healthz and /readyz.
//
// It is built so that the record path does not pay for it. The record
// counters are the jobs' own batched counters (runtime/app), read only
// when Prometheus scrapes; histograms are observed once per batch, never
// per record; gauges that describe state (open groups, the watermark) are
// set once per batch with a plain atomic store. Only @metric annotations
// do work per output row, and that work is compiled: a typed condition, a
// typed label key looked up in the worker's own map, and an atomic add.
//
// Every metric has a job label. Prometheus renames a target's own job
// label to exported_job unless the scrape configuration sets
// honor_labels: true (docs/decisions.md, "Observability").
package metrics
