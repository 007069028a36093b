package plan

import (
	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/parser/ast"
)

// Program is everything compiled from one SQL file.
type Program struct {
	File string // the SQL file's name, as given
	// SQLHash identifies the SQL text (hex SHA-256); the binary reports it
	// with --version and in veloc_build_info.
	SQLHash string
	Jobs    []*Job
	// Annotations are the file-level annotations (@app, @version, ...).
	Annotations []*ast.Annotation
	// NoMetricsServer is @observability.metrics.enabled: false: the
	// program starts no metrics server unless --metrics-addr asks.
	NoMetricsServer bool
}

// JobKind is the statement a job came from.
type JobKind int

const (
	StreamJob JobKind = iota // CREATE STREAM ... AS SELECT
	TableJob                 // CREATE TABLE ... AS SELECT
	InsertJob                // INSERT INTO ... SELECT
	SelectJob                // a bare SELECT, writing JSON lines to stdout
)

func (k JobKind) String() string {
	return [...]string{"CREATE STREAM", "CREATE TABLE", "INSERT INTO", "SELECT"}[k]
}

// Job is one statement's pipeline. The stages run in this order for each
// input record, fused into one loop by codegen:
//
//	decode Source (only Source.Used columns; Source.Pushed filters as soon
//	as their column is decoded) → Where → Outputs → Limit → Sink and
//	Consumers
//
// Aggregation, windows and joins add stages in later versions.
type Job struct {
	Name string // @name, else the CREATE/INSERT name, else "select_<n>"
	// Output is the CREATE or INSERT name: what later statements read.
	Output string
	Kind   JobKind
	Pos    ast.Pos // the statement
	// Source is the job's input. Input is its row: the columns the job's
	// expressions index with Column.Index (the source schema's columns).
	Source *Source
	Where  Expr // nil when absent or fully pushed down
	// SinkFailed: the job names a sink whose configuration is in error
	// (reported there).
	SinkFailed bool
	// Over is the row-window stage; nil when no select item uses OVER.
	Over *Over
	// EventTime is a job's event time when it names one and does not
	// aggregate ('event.time.field'): the timestamp of the messages it
	// writes to Kafka (io.md). A window's is Agg.Window.Time.
	EventTime Expr
	// Agg is the GROUP BY stage; nil for a job without aggregation. When
	// set, Outputs are expressions over the group (GroupKey, AggValue).
	Agg *Aggregate
	// Outputs are the select items in order, with `*` expanded.
	Outputs []Output
	// Slots are the rows besides the source record that expressions read
	// with JoinColumn; Joins, Interval and Subqueries say how each is
	// found (join.go).
	Slots      []*Slot
	Joins      []*Join
	Interval   *IntervalJoin
	Subqueries []*Subquery
	// Tombstones, set on the job that loads a declared Kafka table, are
	// the output columns of the table key: a message without a value
	// deletes the row whose key the message key holds (io.md's key format).
	Tombstones []int
	Limit      int64 // LIMIT n; -1 when absent. The job ends after n rows.
	// Sink is where the job writes; nil when it only feeds Consumers.
	Sink *Sink
	// Consumers are later jobs of the same file that read this job's
	// output in process (their Source.Producer is this job).
	Consumers []*Job
	// Parallelism is the number of workers a file source's records are
	// split across (runtime.md); 0 means one per core. It comes from
	// @parallelism or @num_partitions, or '<job>.parallelism', and is a
	// run-time default. LIMIT forces 1.
	Parallelism int
	// Error handling (runtime.md): '<job>.error.policy' and '<job>.dlq'.
	ErrorPolicy ErrorPolicy
	DLQ         string
	// Props are the job-level properties ('<job>.*' and unprefixed ones),
	// compiled in as run-time defaults.
	Props []Prop
	// Metrics are the job's @metric declarations.
	Metrics []*Metric
}

// Output is one output column.
type Output struct {
	Name       string
	Expr       Expr
	PrimaryKey bool
}

// ErrorPolicy is what a job does with an error record.
type ErrorPolicy int

const (
	SkipErrors  ErrorPolicy = iota // count, log, drop
	DLQErrors                      // also write to the DLQ
	FailOnError                    // stop the job, exit 1
)

func (p ErrorPolicy) String() string { return [...]string{"skip", "dlq", "fail"}[p] }

// SourceKind is where a source's records come from.
type SourceKind int

const (
	FileSource   SourceKind = iota // file_source
	MmapSource                     // file_source_mmap
	KafkaSource                    // kafka_source
	StreamSource                   // the output of an earlier job, in process
)

func (k SourceKind) String() string {
	return [...]string{"file_source", "file_source_mmap", "kafka_source", "stream"}[k]
}

// Format is how records are encoded in a file or message.
type Format int

const (
	CSV      Format = iota // RFC 4180, with or without a header
	JSONL                  // one JSON object per line (files) or per message (Kafka)
	Text                   // Kafka 'string': the value is one STRING column
	RawBytes               // Kafka 'bytes'
	Avro                   // Kafka 'avro': Avro binary of the source's .avsc (Schema.Avro)
)

func (f Format) String() string { return [...]string{"csv", "jsonl", "string", "bytes", "avro"}[f] }

// Source is one input of a job.
type Source struct {
	Name   string // as named in FROM
	Alias  string // the FROM alias, or ""
	Kind   SourceKind
	Schema *schema.Schema
	Format Format
	// Framed: each Avro value starts with the 5-byte header of Confluent's
	// schema-registry serializers ('schema.registry.url' is set).
	Framed bool
	// CSV settings, compiled-in defaults that --set may override.
	Delimiter byte
	Quote     byte
	HasHeader bool
	// Props are every '<name>.*' property of the source, compiled in as
	// run-time defaults (path, topic, ...).
	Props []Prop
	// Producer is the job whose output this source reads (StreamSource).
	Producer *Job
	// Used marks the schema columns the job reads (projection pruning):
	// the decoder parses only these.
	Used []bool
	// Pushed are filters that read a single column, checked by the
	// decoder right after that column is parsed, so rejected records cost
	// no further parsing (predicate pushdown). They are ANDed with Where.
	Pushed []Expr
}

// SinkKind is where a job writes.
type SinkKind int

const (
	FileSink   SinkKind = iota // file_sink
	StdoutSink                 // stdout_sink, and bare SELECT
	KafkaSink                  // kafka_sink
)

func (k SinkKind) String() string { return [...]string{"file_sink", "stdout_sink", "kafka_sink"}[k] }

// Sink is the output of a job.
type Sink struct {
	Name      string
	Kind      SinkKind
	Format    Format
	Delimiter byte
	HasHeader bool // CSV: write a header line
	// KeyJSON writes a Kafka message key of several columns as a JSON
	// object rather than their values joined with '|' ('key.format').
	KeyJSON bool
	// Avro is the writer schema of a Kafka sink with Avro values (its
	// .avsc), and AvroOut the output column of each of its fields.
	// SchemaID, when not negative, is written in Confluent's header.
	Avro     *schema.Schema
	AvroOut  []int
	SchemaID int
	Props    []Prop
}

// Prop is one WITH property as compiled in. Key is the full key
// ('orders.path'); the generated program uses Value as the default that
// --set and VELOC_* may override when Fixed is false.
type Prop struct {
	Key   string
	Value string
	Pos   ast.Pos
	// Fixed properties shape the generated code (a source's type and
	// format), so they cannot change at run time.
	Fixed bool
	Help  string
	// Origin names where a property read from a config file was written
	// ("kafka.yaml:3"); empty for the SQL's own.
	Origin string
}

// Lookup returns the value of the property with the given full key.
func Lookup(props []Prop, key string) (string, bool) {
	for _, p := range props {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}
