package compiler

import (
	"sort"
	"strings"

	"github.com/velocsql/veloc/runtime/kafka"
)

// This file is the catalogue of WITH properties (io.md, runtime.md,
// dialect.md): which keys a source, a sink and a job accept. Keys are
// case-sensitive; an unknown key is a compile error with a suggestion,
// because a misspelt 'orders.pth' silently ignored is a bug found in
// production.

// Role is what a property prefix names in a statement.
type role int

const (
	roleSource role = iota
	roleSink
	roleJob
)

// Keys every file source accepts (after the '<name>.' prefix).
var fileSourceKeys = []string{"type", "path", "format", "delimiter", "has_headers", "header", "quote", "watch", "schema.file", "schema.message", "config_file"}

// Keys every file sink accepts.
var fileSinkKeys = []string{"type", "path", "format", "delimiter", "has_headers", "header", "quote", "append", "compression", "config_file"}

var stdoutSinkKeys = []string{"type", "format"}

// Keys of Kafka sources and sinks that veloc interprets itself.
var kafkaKeys = []string{"type", "topic", "topic.name", "bootstrap.servers", "brokers", "group.id", "auto.offset.reset",
	"format", "value.format", "value.serializer", "key.format", "delivery_profile", "auto.create", "partitions",
	"replication.factor", "schema.file", "schema.message", "schema.registry.url", "schema.id", "config_file", "connect.timeout"}

// The Kafka client settings a source or sink passes to the client (io.md)
// are the ones runtime/kafka maps onto franz-go: one list, so a key the
// compiler accepts is one the program understands.
var (
	kafkaSourceClientKeys = kafka.SourceProperties()
	kafkaSinkClientKeys   = kafka.SinkProperties()
)

// jobKeys are the '<job>.' keys of runtime.md.
var jobKeys = []string{"error.policy", "dlq", "delivery", "state.changelog", "parallelism", "table.ready.timeout"}

// globalKeys are the unprefixed keys that apply to the whole job.
var globalKeys = []string{"event.time.field", "event.time.format", "watermark.strategy", "watermark.max_out_of_orderness",
	"watermark.idle_timeout", "late.data.strategy", "late.data.allowed_lateness"}

// sourceTypes and sinkTypes are the accepted values of '<name>.type'.
var (
	sourceTypes = []string{"file_source", "file_source_mmap", "kafka_source"}
	sinkTypes   = []string{"file_sink", "stdout_sink", "kafka_sink"}
)

// keysFor returns the keys a source or sink of the given type accepts.
func keysFor(r role, typ string) []string {
	switch {
	case r == roleJob:
		return jobKeys
	case typ == "kafka_source" || typ == "kafka_sink":
		return kafkaKeys
	case r == roleSource:
		return fileSourceKeys
	case typ == "stdout_sink":
		return stdoutSinkKeys
	}
	return fileSinkKeys
}

// knownKey reports whether key is accepted for the role and type, and
// otherwise returns the closest accepted key.
func knownKey(r role, typ, key string) (bool, string) {
	keys := keysFor(r, typ)
	for _, k := range keys {
		if k == key {
			return true, ""
		}
	}
	if typ == "kafka_source" || typ == "kafka_sink" {
		client := kafkaSourceClientKeys
		if typ == "kafka_sink" {
			client = kafkaSinkClientKeys
		}
		for _, k := range client {
			if k == key {
				return true, ""
			}
		}
		keys = append(append([]string{}, keys...), client...)
	}
	s, _ := suggest(key, keys)
	return false, s
}

func isGlobalKey(key string) bool {
	for _, k := range globalKeys {
		if k == key {
			return true
		}
	}
	return false
}

// sortedKeys lists accepted keys for messages.
func sortedKeys(keys []string) string {
	k := append([]string(nil), keys...)
	sort.Strings(k)
	return strings.Join(k, ", ")
}
