package schema

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/velocsql/veloc/compiler/types"
)

// FileFormat is the kind of a schema file, told by its extension.
type FileFormat int

const (
	UnknownFormat FileFormat = iota
	YAMLFormat               // .yaml, .yml: fields: [{name, type, nullable}] (yaml.go)
	AvroFormat               // .avsc: an Avro record schema (avsc.go)
	ProtoFormat              // .proto: a Protobuf message (proto.go)
)

// FormatOf tells a schema file's format by its extension.
func FormatOf(path string) FileFormat {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return YAMLFormat
	case ".avsc":
		return AvroFormat
	case ".proto":
		return ProtoFormat
	}
	return UnknownFormat
}

// FileExtensions lists the extensions FormatOf knows, for messages.
const FileExtensions = ".yaml (or .yml), .avsc or .proto"

// FileError is an error in a schema file: the file as the user named it,
// and where known the line and column in it and the field concerned.
type FileError struct {
	Path  string
	Line  int // 1-based; 0 when unknown
	Col   int // 1-based; 0 when unknown
	Field string
	Msg   string
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString("field " + e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// LoadFile reads the schema of source from the schema file at path, in
// the format its extension says. name is the file as the user wrote it:
// errors and the schema's Origin (SchemaFile) name it. message names the
// Protobuf message to use, and must be empty for other formats.
func LoadFile(source, name, path, message string) (*Schema, error) {
	f := FormatOf(path)
	if f == UnknownFormat {
		return nil, &FileError{Path: name, Msg: "unknown schema file format: want " + FileExtensions}
	}
	if f == ProtoFormat {
		return LoadProto(source, name, path, message)
	}
	if message != "" {
		return nil, &FileError{Path: name, Msg: "a message name applies only to a .proto schema file"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &FileError{Path: name, Msg: readError(err)}
	}
	if f == AvroFormat {
		return LoadAvro(source, name, data)
	}
	return LoadYAML(source, name, data)
}

// readError describes a failure to read a file without repeating its
// path (the caller names the file).
func readError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return "cannot read it: " + err.Error()
}

// builder collects the columns of a schema file, rejecting names given
// twice. Names are compared case-insensitively, as unquoted SQL names and
// CSV headers are matched.
type builder struct {
	s    *Schema
	seen map[string]bool
}

func newBuilder(source, path string) *builder {
	return &builder{s: &Schema{Source: source, Origin: Origin{Kind: SchemaFile, Path: path}}, seen: map[string]bool{}}
}

// add appends a column, or reports false if its name is taken.
func (b *builder) add(name string, t types.Type, nullable bool) bool {
	key := strings.ToLower(name)
	if b.seen[key] {
		return false
	}
	b.seen[key] = true
	b.s.Columns = append(b.s.Columns, Column{Name: name, Type: t, Nullable: nullable})
	return true
}
