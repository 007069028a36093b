package app

import (
	"log/slog"

	"github.com/velocsql/veloc/runtime/metrics"
)

// Deployment is the deployment context compiled in from @deployment.*
// annotations (values may hold ${VAR:default}); --node-id, --region and
// the environment variables VELOC_NODE_ID and VELOC_REGION win over it.
type Deployment struct {
	NodeID, NodeName, Region string
}

// errorKinds are the reasons veloc_records_failed_total has a series for
// from the start (late records have their own counter).
var errorKinds = []string{BadParse, BadMalformed, BadCast, BadOverflow, BadDivisionByZero, BadFunction, BadOther}

// observer is a run's metrics registry and, when --metrics-addr is set,
// its HTTP server.
type observer struct {
	reg  *metrics.Registry
	srv  *metrics.Server
	stop chan struct{}
}

// observe registers every job's metrics, starts the throughput sampler
// and the metrics server. A server that cannot bind is fatal only when
// the address was asked for (opts.MetricsRequired): otherwise a job must
// not fail because the default port is taken (docs/decisions.md).
func observe(p *Program, ps *props, opts Options, envs []*Env, log *slog.Logger) (*observer, error) {
	info := buildInfo(p, ps, opts)
	o := &observer{reg: metrics.New(info, metrics.Options{MaxLag: opts.ReadyMaxLag}), stop: make(chan struct{})}
	for _, e := range envs {
		e.Metrics = o.reg.Job(metrics.JobSpec{Name: e.Job, Sources: e.Sources, Reasons: errorKinds, Counts: e.metricCounts})
		for _, s := range e.Sources {
			if e.run.pipes[s] != nil {
				e.Metrics.Source(s).SetConnected() // in process: nothing to connect to
			}
		}
	}
	if opts.MetricsAddr != "" {
		srv, err := metrics.Listen(opts.MetricsAddr, o.reg, log)
		switch {
		case err != nil && opts.MetricsRequired:
			return nil, err
		case err != nil:
			log.Warn("metrics server not started; pass --metrics-addr to choose another address, or --metrics-addr '' to turn it off", "err", err.Error())
		default:
			o.srv = srv
			log.Info("metrics server listening", "addr", srv.Addr())
		}
	}
	go o.reg.Run(o.stop)
	return o, nil
}

// buildInfo is the program's veloc_build_info: the deployment context
// from the options (flags, environment) else the @deployment.*
// annotations, with ${VAR:default} expanded.
func buildInfo(p *Program, ps *props, opts Options) metrics.Info {
	d := p.Deployment
	return metrics.Info{
		App: FirstNonEmpty(p.App, p.Name), Version: p.Version, SQLHash: p.SQLHash,
		NodeID:   FirstNonEmpty(opts.NodeID, ps.set.Expand(d.NodeID)),
		NodeName: FirstNonEmpty(opts.NodeName, ps.set.Expand(d.NodeName)),
		Region:   FirstNonEmpty(opts.Region, ps.set.Expand(d.Region)),
	}
}

// withDeployment adds to log the deployment context that came from
// annotations (what came from flags is on it already, see Main).
func withDeployment(log *slog.Logger, info metrics.Info, opts Options) *slog.Logger {
	for _, a := range [][3]string{{"node_id", opts.NodeID, info.NodeID}, {"node_name", opts.NodeName, info.NodeName}, {"region", opts.Region, info.Region}} {
		if a[1] == "" && a[2] != "" {
			log = log.With(a[0], a[2])
		}
	}
	return log
}

func (o *observer) close() {
	close(o.stop)
	if o.srv != nil {
		o.srv.Close()
	}
}

// metricCounts is the job's counters as the registry reads them.
func (e *Env) metricCounts() metrics.Counts {
	c := e.Counts()
	return metrics.Counts{In: c.In, Out: c.Out, Failed: c.Failed, Late: c.Late}
}

// SourceHealth returns the health of a source of the job, which a Kafka
// source updates (connected, lag per partition) for /readyz and
// veloc_consumer_lag_records.
func (e *Env) SourceHealth(name string) *metrics.Source { return e.Metrics.Source(name) }

// DeclareMetric registers one of the job's @metric metrics; generated
// code declares them in order before the job opens anything, and reads
// them back with Metric.
func (e *Env) DeclareMetric(spec metrics.Spec) error {
	d, err := e.Metrics.Declare(spec)
	if err != nil {
		return err
	}
	e.declared = append(e.declared, d)
	return nil
}

// Metric returns the job's i-th @metric metric.
func (e *Env) Metric(i int) *metrics.Declared { return e.declared[i] }
