package kafka

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// settings is what the Kafka client properties of a source or sink say.
type settings struct {
	opts []kgo.Opt

	// security
	protocol      string // PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL
	mechanism     string
	user, pass    string
	caFile        string
	certFile      string
	keyFile       string
	noHostVerify  bool
	noCertVerify  bool
	tlsSettingSet bool

	// source
	readCommitted  bool
	resetLatest    *bool
	maxPollRecords int
	autoCommit     *bool

	// sink
	acks           string // "all", "1", "0"; "" unset
	idempotent     *bool
	lingerSet      bool
	batchSet       bool
	compressionSet bool
	deliveryTO     time.Duration
	deliveryTOSet  bool
}

const (
	forSource = 1 << iota
	forSink
	forBoth = forSource | forSink
)

type property struct {
	roles int
	apply func(s *settings, v string) error
}

func msOpt(f func(time.Duration) kgo.Opt) func(*settings, string) error {
	return func(s *settings, v string) error {
		d, err := millis(v)
		if err != nil {
			return err
		}
		s.opts = append(s.opts, f(d))
		return nil
	}
}

func bytesOpt(f func(int32) kgo.Opt) func(*settings, string) error {
	return func(s *settings, v string) error {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		if err != nil || n <= 0 {
			return fmt.Errorf("want a positive number of bytes")
		}
		s.opts = append(s.opts, f(int32(n)))
		return nil
	}
}

func millis(v string) (time.Duration, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a number of milliseconds")
	}
	return time.Duration(n) * time.Millisecond, nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("want true or false")
}

func oneOf(v string, allowed ...string) (string, error) {
	lv := strings.ToLower(strings.TrimSpace(v))
	for _, a := range allowed {
		if lv == strings.ToLower(a) {
			return a, nil
		}
	}
	return "", fmt.Errorf("want one of %s", strings.Join(allowed, ", "))
}

func str(set func(*settings, string)) func(*settings, string) error {
	return func(s *settings, v string) error { set(s, v); return nil }
}

var jaasUser = regexp.MustCompile(`username\s*=\s*"([^"]*)"`)
var jaasPass = regexp.MustCompile(`password\s*=\s*"([^"]*)"`)

// properties are the Kafka client settings understood, by their Java /
// librdkafka names.
var properties = map[string]property{
	"client.id":                          {forBoth, str(func(s *settings, v string) { s.opts = append(s.opts, kgo.ClientID(v)) })},
	"metadata.max.age.ms":                {forBoth, msOpt(func(d time.Duration) kgo.Opt { return kgo.MetadataMaxAge(d) })},
	"socket.connection.setup.timeout.ms": {forBoth, msOpt(func(d time.Duration) kgo.Opt { return kgo.DialTimeout(d) })},
	"connections.max.idle.ms":            {forBoth, msOpt(func(d time.Duration) kgo.Opt { return kgo.ConnIdleTimeout(d) })},
	"retry.backoff.ms": {forBoth, msOpt(func(d time.Duration) kgo.Opt {
		return kgo.RetryBackoffFn(func(int) time.Duration { return d })
	})},
	"security.protocol": {forBoth, func(s *settings, v string) (err error) {
		s.protocol, err = oneOf(v, "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
		return err
	}},
	"sasl.mechanism": {forBoth, func(s *settings, v string) (err error) {
		s.mechanism, err = oneOf(v, "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
		return err
	}},
	"sasl.mechanisms": {forBoth, func(s *settings, v string) (err error) { // librdkafka spelling
		s.mechanism, err = oneOf(v, "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
		return err
	}},
	"sasl.username": {forBoth, str(func(s *settings, v string) { s.user = v })},
	"sasl.password": {forBoth, str(func(s *settings, v string) { s.pass = v })},
	"sasl.jaas.config": {forBoth, func(s *settings, v string) error {
		u, p := jaasUser.FindStringSubmatch(v), jaasPass.FindStringSubmatch(v)
		if u == nil || p == nil {
			return fmt.Errorf(`want username="..." and password="..."`)
		}
		s.user, s.pass = u[1], p[1]
		return nil
	}},
	"ssl.ca.location":          {forBoth, str(func(s *settings, v string) { s.caFile, s.tlsSettingSet = v, true })},
	"ssl.certificate.location": {forBoth, str(func(s *settings, v string) { s.certFile, s.tlsSettingSet = v, true })},
	"ssl.key.location":         {forBoth, str(func(s *settings, v string) { s.keyFile, s.tlsSettingSet = v, true })},
	"ssl.endpoint.identification.algorithm": {forBoth, func(s *settings, v string) error {
		a, err := oneOf(v, "https", "none", "")
		s.noHostVerify, s.tlsSettingSet = a != "https", true
		return err
	}},
	"enable.ssl.certificate.verification": {forBoth, func(s *settings, v string) error {
		b, err := parseBool(v)
		s.noCertVerify, s.tlsSettingSet = !b, true
		return err
	}},

	// Sources.
	"auto.offset.reset": {forSource, func(s *settings, v string) error {
		a, err := oneOf(v, "earliest", "latest")
		latest := a == "latest"
		s.resetLatest = &latest
		return err
	}},
	"enable.auto.commit": {forSource, func(s *settings, v string) error {
		b, err := parseBool(v)
		if err == nil && b {
			return fmt.Errorf("veloc commits offsets itself, after its sinks acknowledged the output (at-least-once); only false is allowed")
		}
		return err
	}},
	"isolation.level": {forSource, func(s *settings, v string) error {
		a, err := oneOf(v, "read_committed", "read_uncommitted")
		s.readCommitted = a == "read_committed"
		return err
	}},
	"max.poll.records": {forSource, func(s *settings, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 {
			return fmt.Errorf("want a positive number")
		}
		s.maxPollRecords = n
		return nil
	}},
	"fetch.max.bytes":           {forSource, bytesOpt(func(n int32) kgo.Opt { return kgo.FetchMaxBytes(n) })},
	"max.partition.fetch.bytes": {forSource, bytesOpt(func(n int32) kgo.Opt { return kgo.FetchMaxPartitionBytes(n) })},
	"fetch.min.bytes":           {forSource, bytesOpt(func(n int32) kgo.Opt { return kgo.FetchMinBytes(n) })},
	"fetch.max.wait.ms":         {forSource, msOpt(func(d time.Duration) kgo.Opt { return kgo.FetchMaxWait(d) })},
	"session.timeout.ms":        {forSource, msOpt(func(d time.Duration) kgo.Opt { return kgo.SessionTimeout(d) })},
	"heartbeat.interval.ms":     {forSource, msOpt(func(d time.Duration) kgo.Opt { return kgo.HeartbeatInterval(d) })},
	"max.poll.interval.ms":      {forSource, msOpt(func(d time.Duration) kgo.Opt { return kgo.RebalanceTimeout(d) })},
	"group.instance.id":         {forSource, str(func(s *settings, v string) { s.opts = append(s.opts, kgo.InstanceID(v)) })},
	"client.rack":               {forSource, str(func(s *settings, v string) { s.opts = append(s.opts, kgo.Rack(v)) })},
	"partition.assignment.strategy": {forSource, func(s *settings, v string) error {
		var bs []kgo.GroupBalancer
		for name := range strings.SplitSeq(v, ",") {
			a, err := oneOf(name, "range", "roundrobin", "sticky", "cooperative-sticky")
			if err != nil {
				return err
			}
			bs = append(bs, map[string]kgo.GroupBalancer{
				"range": kgo.RangeBalancer(), "roundrobin": kgo.RoundRobinBalancer(),
				"sticky": kgo.StickyBalancer(), "cooperative-sticky": kgo.CooperativeStickyBalancer(),
			}[a])
		}
		s.opts = append(s.opts, kgo.Balancers(bs...))
		return nil
	}},

	// Sinks.
	"acks": {forSink, func(s *settings, v string) (err error) {
		if strings.TrimSpace(v) == "-1" {
			v = "all"
		}
		s.acks, err = oneOf(v, "all", "1", "0")
		return err
	}},
	"enable.idempotence": {forSink, func(s *settings, v string) error {
		b, err := parseBool(v)
		s.idempotent = &b
		return err
	}},
	"linger.ms": {forSink, func(s *settings, v string) error {
		d, err := millis(v)
		s.opts, s.lingerSet = append(s.opts, kgo.ProducerLinger(d)), true
		return err
	}},
	"batch.size": {forSink, func(s *settings, v string) error {
		s.batchSet = true
		return bytesOpt(func(n int32) kgo.Opt { return kgo.ProducerBatchMaxBytes(n) })(s, v)
	}},
	"compression.type": {forSink, func(s *settings, v string) error {
		a, err := oneOf(v, "none", "gzip", "snappy", "lz4", "zstd")
		s.opts, s.compressionSet = append(s.opts, kgo.ProducerBatchCompression(codec(a))), true
		return err
	}},
	"delivery.timeout.ms": {forSink, func(s *settings, v string) (err error) {
		s.deliveryTO, err = millis(v)
		s.deliveryTOSet = true
		return err
	}},
	"retries": {forSink, func(s *settings, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return fmt.Errorf("want a number")
		}
		s.opts = append(s.opts, kgo.RecordRetries(n))
		return nil
	}},
	"buffer.memory": {forSink, func(s *settings, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 {
			return fmt.Errorf("want a positive number of bytes")
		}
		s.opts = append(s.opts, kgo.MaxBufferedBytes(n))
		return nil
	}},
	"max.in.flight.requests.per.connection": {forSink, func(s *settings, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 {
			return fmt.Errorf("want a positive number")
		}
		s.opts = append(s.opts, kgo.MaxProduceRequestsInflightPerBroker(n))
		return nil
	}},
}

func codec(name string) kgo.CompressionCodec {
	switch name {
	case "gzip":
		return kgo.GzipCompression()
	case "snappy":
		return kgo.SnappyCompression()
	case "lz4":
		return kgo.Lz4Compression()
	case "zstd":
		return kgo.ZstdCompression()
	}
	return kgo.NoCompression()
}

func propertyNames(role int) []string {
	var names []string
	for k, p := range properties {
		if p.roles&role != 0 {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}

// SourceProperties returns, sorted, the Kafka client properties a source
// accepts in SourceConfig.Extra.
func SourceProperties() []string { return propertyNames(forSource) }

// SinkProperties returns, sorted, the Kafka client properties a sink
// accepts in SinkConfig.Extra.
func SinkProperties() []string { return propertyNames(forSink) }

// CheckSourceProperties checks the keys and values of a source's Extra
// without connecting (it does not read the files that ssl.* name).
func CheckSourceProperties(extra map[string]string) error {
	_, err := parseProps(extra, forSource, false)
	return err
}

// CheckSinkProperties checks the keys and values of a sink's Extra
// without connecting.
func CheckSinkProperties(extra map[string]string) error {
	_, err := parseProps(extra, forSink, false)
	return err
}

// parseProps reads extra in sorted key order; with load, it also reads
// the TLS files and adds the security options.
func parseProps(extra map[string]string, role int, load bool) (*settings, error) {
	s := &settings{}
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		v := extra[k]
		p, ok := properties[k]
		if !ok || p.roles&role == 0 {
			kind := "source"
			if role == forSink {
				kind = "sink"
			}
			return nil, fmt.Errorf("unknown Kafka client property %q for a %s", k, kind)
		}
		if err := p.apply(s, v); err != nil {
			return nil, fmt.Errorf("property %q = %q: %v", k, v, err)
		}
	}
	if err := s.security(load); err != nil {
		return nil, err
	}
	return s, nil
}

// security checks the security settings and, with load, turns them into
// client options.
func (s *settings) security(load bool) error {
	useTLS := s.protocol == "SSL" || s.protocol == "SASL_SSL"
	useSASL := s.protocol == "SASL_PLAINTEXT" || s.protocol == "SASL_SSL"
	if s.protocol == "" {
		// No security.protocol: infer it from what is set (Kafka's
		// clients would ignore the credentials and fail obscurely).
		useSASL = s.mechanism != "" || s.user != ""
		useTLS = s.tlsSettingSet
	}
	if useSASL && (s.user == "" || s.pass == "") {
		return fmt.Errorf("SASL needs sasl.username and sasl.password (or sasl.jaas.config)")
	}
	if !load {
		return nil
	}
	if useSASL {
		var m sasl.Mechanism
		switch s.mechanism {
		case "", "PLAIN":
			m = plain.Auth{User: s.user, Pass: s.pass}.AsMechanism()
		case "SCRAM-SHA-256":
			m = scram.Auth{User: s.user, Pass: s.pass}.AsSha256Mechanism()
		case "SCRAM-SHA-512":
			m = scram.Auth{User: s.user, Pass: s.pass}.AsSha512Mechanism()
		}
		s.opts = append(s.opts, kgo.SASL(m))
	}
	if useTLS {
		tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: s.noCertVerify} //nolint:gosec // the user asked for it
		if s.caFile != "" {
			pem, err := os.ReadFile(s.caFile)
			if err != nil {
				return fmt.Errorf("ssl.ca.location: %w", err)
			}
			tc.RootCAs = x509.NewCertPool()
			if !tc.RootCAs.AppendCertsFromPEM(pem) {
				return fmt.Errorf("ssl.ca.location %s: no PEM certificate in it", s.caFile)
			}
		}
		if s.certFile != "" || s.keyFile != "" {
			cert, err := tls.LoadX509KeyPair(s.certFile, s.keyFile)
			if err != nil {
				return fmt.Errorf("ssl.certificate.location / ssl.key.location: %w", err)
			}
			tc.Certificates = []tls.Certificate{cert}
		}
		if s.noHostVerify && !s.noCertVerify {
			// Verify the chain but not the host name.
			tc.InsecureSkipVerify = true //nolint:gosec // verified below
			roots := tc.RootCAs
			tc.VerifyConnection = func(cs tls.ConnectionState) error {
				opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool()}
				for _, c := range cs.PeerCertificates[1:] {
					opts.Intermediates.AddCert(c)
				}
				_, err := cs.PeerCertificates[0].Verify(opts)
				return err
			}
		}
		s.opts = append(s.opts, kgo.DialTLSConfig(tc))
	}
	return nil
}
