package schema

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/reporter"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/velocsql/veloc/compiler/types"
)

// LoadProto reads the columns of a Protobuf message from a .proto file,
// compiled with protocompile (imports resolve against the .proto file's
// folder, and the well-known google/protobuf/*.proto files are built in).
// message names the message: its name, its full name with the package,
// or Outer.Inner for a nested one; it may be empty when the file defines
// exactly one top-level message. One column per field, in field order,
// named as in the .proto file (trade_id, not its JSON name tradeId):
//
//   - int32, int64, uint32, uint64, sint*, fixed*, sfixed* → INTEGER
//     (a uint64 above 2^63-1 does not fit: an error record at run time);
//     double, float → FLOAT; bool → BOOLEAN; string → STRING; bytes →
//     STRING; enums → STRING (the value's name).
//   - google.protobuf.Timestamp → TIMESTAMP; google.type.Date → DATE; the
//     wrappers (google.protobuf.Int64Value, StringValue, ...) → their
//     scalar type.
//   - Other message fields, repeated fields and maps → STRING: the text of
//     the value as the file holds it (a nested JSON value's JSON text), as
//     inference types nested JSON values.
//
// A field is nullable when it has presence (proto3 optional, proto2
// optional, message fields, oneof members), and repeated and map fields
// are nullable; a proto3 scalar without optional and a proto2 required
// field are NOT NULL (Protobuf reads an absent proto3 scalar as its zero
// value). name is the file as the
// user named it, path where it is on disk.
func LoadProto(source, name, path, message string) (*Schema, error) {
	dir := filepath.Dir(path)
	resolver := &protocompile.SourceResolver{Accessor: func(p string) (io.ReadCloser, error) {
		if p == name {
			return os.Open(path)
		}
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, &importError{name: p, err: err}
		}
		return f, nil
	}}
	var (
		mu   sync.Mutex
		errs []reporter.ErrorWithPos
	)
	rep := reporter.NewReporter(func(err reporter.ErrorWithPos) error {
		mu.Lock()
		defer mu.Unlock()
		errs = append(errs, err)
		return nil // go on, to count every error
	}, nil)
	c := protocompile.Compiler{
		Resolver:       protocompile.WithStandardImports(resolver),
		Reporter:       rep,
		SourceInfoMode: protocompile.SourceInfoStandard,
		MaxParallelism: 1,
	}
	files, err := c.Compile(context.Background(), name)
	if len(errs) > 0 {
		first := errs[0]
		pos := first.GetPosition()
		msg := first.Unwrap().Error()
		switch len(errs) {
		case 1:
		case 2:
			msg += " (and 1 more error)"
		default:
			msg += fmt.Sprintf(" (and %d more errors)", len(errs)-1)
		}
		file := pos.Filename
		if file == "" {
			file = name
		}
		return nil, &FileError{Path: file, Line: pos.Line, Col: pos.Col, Msg: "the .proto file does not compile: " + msg}
	}
	if err != nil {
		var ie *importError
		if errors.As(err, &ie) {
			why := "cannot read it: " + ie.err.Error()
			if errors.Is(ie.err, fs.ErrNotExist) {
				why = "there is no such file beside " + filepath.Base(name)
			}
			return nil, &FileError{Path: name, Msg: fmt.Sprintf("import %q: %s", ie.name, why)}
		}
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			return nil, &FileError{Path: name, Msg: readError(err)}
		}
		var pe protocompile.PanicError
		if errors.As(err, &pe) {
			return nil, &FileError{Path: name, Msg: fmt.Sprintf("the .proto compiler failed: %v", pe.Value)}
		}
		return nil, &FileError{Path: name, Msg: "the .proto file does not compile: " + err.Error()}
	}
	if len(files) == 0 {
		return nil, &FileError{Path: name, Msg: "the .proto compiler returned nothing"}
	}
	fd := files[0]
	msg, err := findMessage(source, name, fd, message)
	if err != nil {
		return nil, err
	}
	b := newBuilder(source, name)
	fields := msg.Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		t, nullable := protoColumn(f)
		col := string(f.Name())
		if !b.add(col, t, nullable) {
			loc := fd.SourceLocations().ByDescriptor(f)
			return nil, &FileError{Path: name, Line: loc.StartLine + 1, Col: loc.StartColumn + 1, Field: col,
				Msg: "another field of " + string(msg.Name()) + " has the same name but for case; SQL names ignore case"}
		}
	}
	if len(b.s.Columns) == 0 {
		return nil, &FileError{Path: name, Msg: "message " + string(msg.FullName()) + " has no fields"}
	}
	return b.s, nil
}

// importError is a failure to read a file a .proto file imports.
type importError struct {
	name string
	err  error
}

func (e *importError) Error() string { return "import " + e.name + ": " + e.err.Error() }
func (e *importError) Unwrap() error { return e.err }

// findMessage finds the message a schema names, or the only top-level
// message of the file when it names none.
func findMessage(source, name string, fd protoreflect.FileDescriptor, message string) (protoreflect.MessageDescriptor, error) {
	pkg := string(fd.Package())
	var all []protoreflect.MessageDescriptor
	var walk func(ms protoreflect.MessageDescriptors)
	walk = func(ms protoreflect.MessageDescriptors) {
		for i := 0; i < ms.Len(); i++ {
			m := ms.Get(i)
			if m.IsMapEntry() {
				continue
			}
			all = append(all, m)
			walk(m.Messages())
		}
	}
	walk(fd.Messages())
	relative := func(m protoreflect.MessageDescriptor) string {
		full := string(m.FullName())
		if pkg != "" {
			return strings.TrimPrefix(full, pkg+".")
		}
		return full
	}
	listTop := func() string {
		var names []string
		for i := 0; i < fd.Messages().Len(); i++ {
			names = append(names, relative(fd.Messages().Get(i)))
		}
		sort.Strings(names)
		return strings.Join(names, ", ")
	}
	if message == "" {
		switch fd.Messages().Len() {
		case 0:
			return nil, &FileError{Path: name, Msg: "the file defines no message"}
		case 1:
			return fd.Messages().Get(0), nil
		}
		return nil, &FileError{Path: name, Msg: fmt.Sprintf("the file defines several messages (%s): name one with '%s.schema.message'", listTop(), source)}
	}
	want := strings.TrimPrefix(message, ".")
	for _, m := range all {
		if string(m.FullName()) == want || relative(m) == want {
			return m, nil
		}
	}
	// A nested message by its own name, when that is unambiguous.
	var found protoreflect.MessageDescriptor
	for _, m := range all {
		if string(m.Name()) == want {
			if found != nil {
				return nil, &FileError{Path: name, Msg: fmt.Sprintf("message name %s is ambiguous: write %s or %s", want, relative(found), relative(m))}
			}
			found = m
		}
	}
	if found != nil {
		return found, nil
	}
	var names []string
	for _, m := range all {
		names = append(names, relative(m))
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, &FileError{Path: name, Msg: fmt.Sprintf("no message %s: the file defines no message", message)}
	}
	return nil, &FileError{Path: name, Msg: fmt.Sprintf("no message %s; the file has %s", message, strings.Join(names, ", "))}
}

// protoWellKnown maps well-known message types to column types.
var protoWellKnown = map[protoreflect.FullName]types.Type{
	"google.protobuf.Timestamp":   types.TimestampType,
	"google.type.Date":            types.DateType,
	"google.protobuf.DoubleValue": types.FloatType,
	"google.protobuf.FloatValue":  types.FloatType,
	"google.protobuf.Int64Value":  types.IntType,
	"google.protobuf.UInt64Value": types.IntType,
	"google.protobuf.Int32Value":  types.IntType,
	"google.protobuf.UInt32Value": types.IntType,
	"google.protobuf.BoolValue":   types.BoolType,
	"google.protobuf.StringValue": types.StringType,
	"google.protobuf.BytesValue":  types.StringType,
}

// protoColumn maps a field to a column type and nullability.
func protoColumn(f protoreflect.FieldDescriptor) (types.Type, bool) {
	if f.IsList() || f.IsMap() {
		return types.StringType, true
	}
	nullable := f.HasPresence() && f.Cardinality() != protoreflect.Required
	switch f.Kind() {
	case protoreflect.BoolKind:
		return types.BoolType, nullable
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Uint32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Uint64Kind,
		protoreflect.Sfixed32Kind, protoreflect.Fixed32Kind, protoreflect.Sfixed64Kind, protoreflect.Fixed64Kind:
		return types.IntType, nullable
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		return types.FloatType, nullable
	case protoreflect.MessageKind, protoreflect.GroupKind:
		// A message field has presence; only a proto2 required one is
		// NOT NULL.
		if t, ok := protoWellKnown[f.Message().FullName()]; ok {
			return t, nullable
		}
		return types.StringType, nullable
	}
	// string, bytes, enums
	return types.StringType, nullable
}
