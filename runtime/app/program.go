package app

import "context"

// Program describes a generated program: what the code generator knows at
// compile time and Main needs at run time.
type Program struct {
	Name    string // the program's name, shown by --help
	Version string // the veloc version that generated it, for --version
	SQLHash string // a hash of the SQL file, for --version
	// App is the @app annotation, for veloc_build_info ("" means Name).
	App string
	// Deployment is the @deployment.* context, for logs and
	// veloc_build_info.
	Deployment Deployment
	// NoMetricsServer (@observability.metrics.enabled: false) turns the
	// metrics server off unless --metrics-addr is given.
	NoMetricsServer bool
	Props           []Prop   // every property, with its compiled-in default
	Jobs            []JobDef // the jobs, run concurrently
	// DeadLetterTopic opens a Kafka topic as a dead-letter queue
	// ('<job>.dlq' naming a topic); programs that use Kafka set it
	// (runtime/kafka.OpenDeadLetters), so that others do not link Kafka.
	DeadLetterTopic func(ctx context.Context, brokers, topic string) (DeadLetterWriter, error)
}

// JobDef is one job: a statement of the SQL file that reads sources and
// writes sinks.
type JobDef struct {
	Name string
	// Sources and Sinks name the job's inputs and outputs, for --help and
	// the summary counters. A source that is another job's sink is read
	// in process (see Input and Output).
	Sources []string
	Sinks   []string
	// KafkaBrokers names the property holding the brokers of the job's
	// Kafka source (else sink), "" for a job without Kafka: a
	// dead-letter topic of the job is on those brokers.
	KafkaBrokers string
	// Run is the job's generated loop. It returns nil at the end of its
	// input, and also when ctx is cancelled (after flushing its sinks:
	// that is a stop, not a failure). Any other error fails the program.
	Run func(ctx context.Context, env *Env) error
}

// Kind is a property's value type. Main checks every value against its
// kind before the jobs start, so a job can read properties with the Env
// getters without handling errors.
type Kind int

const (
	KindString   Kind = iota // any text
	KindInt                  // a 64-bit integer
	KindBool                 // true/false, 1/0, yes/no, on/off
	KindDuration             // 500ms, 30s, 5m, 1h, 1d, or plain milliseconds
)

func (k Kind) String() string {
	switch k {
	case KindInt:
		return "integer"
	case KindBool:
		return "boolean"
	case KindDuration:
		return "duration"
	}
	return "string"
}

// Prop declares one property (runtime.md "Configuration"): its compiled-in
// default, which --set name=value and the environment variable VELOC_NAME
// override unless it is Fixed.
type Prop struct {
	Name    string // e.g. "orders.path"
	Default string // the value from the SQL's WITH clause
	Help    string // one line, shown by --help
	// Job is the job the property belongs to, named in error messages.
	// When empty, Main takes the job named by the prefix before the first
	// dot, else the first job with a source or sink of that name, else
	// none (a property of the whole program).
	Job  string
	Kind Kind
	// Choices, when not empty, lists the only values allowed.
	Choices []string
	// Required makes an empty value (after ${VAR} expansion) an error.
	Required bool
	// Fixed marks a property the generated code depends on at compile time
	// (a source's format or schema, say): changing it needs a rebuild, so
	// overriding it is an error rather than silently ignored.
	Fixed bool
}

// Error policies: the values of '<job>.error.policy' (runtime.md).
const (
	PolicySkip = "skip" // count and log error records, then drop them
	PolicyDLQ  = "dlq"  // also write them to the dead-letter queue '<job>.dlq'
	PolicyFail = "fail" // stop the program with exit status 1
)

// Property keys every job has. Main declares them for each job that the
// generated code did not declare them for, with default skip and no DLQ.
const (
	keyPolicy = ".error.policy"
	keyDLQ    = ".dlq"
)
