package compiler

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/velocsql/veloc/compiler/configfile"
	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/runtime/kafka"
)

// source resolves a job's FROM source: its kind, properties and schema.
// Properties come from the source's declaration, then the statement's WITH
// (which wins). A name with no '<name>.type' that an earlier statement
// creates is read from that job in process.
func (c *compiler) source(ref *ast.TableRef, stmtProps []plan.Prop, j *plan.Job) *plan.Source {
	name := ref.Name.Name
	src := &plan.Source{Name: name, Delimiter: ',', Quote: '"', HasHeader: true}
	if ref.Alias != nil {
		src.Alias = ref.Alias.Name
	}
	decl := c.decls[strings.ToLower(name)]
	var props []plan.Prop
	if decl != nil {
		for _, p := range decl.props {
			_, rest, _ := strings.Cut(p.Key, ".")
			p.Key = name + "." + rest
			props = append(props, p)
		}
	}
	props = c.configFile(override(props, stmtProps), name, roleSource)
	src.Props = props
	typ, ok := lookupProp(props, name+".type")
	if !ok {
		if producer := c.produced[strings.ToLower(name)]; producer != nil && decl == nil {
			src.Kind = plan.StreamSource
			src.Producer = producer
			src.Schema = outputSchema(producer)
			producer.Consumers = append(producer.Consumers, j)
			return src
		}
		c.errorf(ref.Name.Pos, "source %s needs '%s.type' (one of %s) in a WITH clause", name, name, strings.Join(sourceTypes, ", "))
		return nil
	}
	switch typ.Value {
	case "file_source":
		src.Kind = plan.FileSource
	case "file_source_mmap":
		src.Kind = plan.MmapSource
	case "kafka_source":
		src.Kind = plan.KafkaSource
	default:
		c.errorf(typ.Pos, "'%s.type' must be one of %s, not '%s'%s", name, strings.Join(sourceTypes, ", "), typ.Value, didYouMean(typ.Value, sourceTypes))
		return nil
	}
	if !c.checkKeys(props, name, roleSource, typ.Value) {
		return nil
	}
	if src.Kind == plan.KafkaSource {
		return c.kafkaSource(ref, src, decl, props)
	}
	for i := range src.Props {
		switch strings.TrimPrefix(src.Props[i].Key, name+".") {
		case "type", "format", "schema.file", "schema.message":
			src.Props[i].Fixed = true
		}
	}
	path, ok := lookupProp(props, name+".path")
	if !ok {
		c.errorf(ref.Name.Pos, "file source %s needs '%s.path'", name, name)
		return nil
	}
	if !c.fileFormat(props, name, path.Value, &src.Format, &src.Delimiter, &src.HasHeader) {
		return nil
	}
	if q, ok := lookupProp(props, name+".quote"); ok {
		if len(q.Value) != 1 {
			c.errorf(q.Pos, "'%s.quote' must be one character, not '%s'", name, q.Value)
			return nil
		}
		src.Quote = q.Value[0]
	}
	src.Schema = c.sourceSchema(ref, src, decl, path)
	if src.Schema == nil {
		return nil
	}
	return src
}

// kafkaSource completes a Kafka source (io.md): its value format and its
// schema, which must be declared (a declaration, a schema file or
// schemas/<name>.schema.yaml): there is no file to infer it from.
func (c *compiler) kafkaSource(ref *ast.TableRef, src *plan.Source, decl *declared, props []plan.Prop) *plan.Source {
	name := src.Name
	src.Format = plan.JSONL
	if _, ok := c.keyFormat(props, name); !ok || !c.kafkaFormat(props, name, &src.Format) || !c.kafkaClientValues(props, name, kafka.CheckSourceProperties) {
		return nil
	}
	for i := range src.Props {
		switch strings.TrimPrefix(src.Props[i].Key, name+".") {
		case "type", "format", "value.format", "value.serializer", "schema.file", "schema.message":
			src.Props[i].Fixed = true
		}
	}
	typ, _ := lookupProp(props, name+".type")
	switch file, hasFile := lookupProp(props, name+".schema.file"); {
	case decl != nil && len(decl.stmt.Columns) > 0:
		src.Schema = decl.schema
	case hasFile:
		msg, _ := lookupProp(props, name+".schema.message")
		src.Schema = c.schemaFile(name, file, msg.Value)
	default:
		if s, found := c.schemaDir(name, typ); found {
			src.Schema = s
		} else if h := c.hints[name]; h != nil && len(h.Columns) > 0 {
			src.Schema = h
		} else {
			c.errorf(ref.Name.Pos, "no schema for Kafka source %s: declare its columns (CREATE STREAM %s (col TYPE, ...) WITH (...)) or name a '%s.schema.file'", name, name, name)
		}
	}
	if src.Schema == nil {
		return nil
	}
	if src.Format == plan.Avro && !c.avroSource(ref, src, props) {
		return nil
	}
	if src.Format == plan.Text || src.Format == plan.RawBytes {
		cols := src.Schema.Columns
		if len(cols) != 1 || cols[0].Type.Kind != types.String {
			var have []string
			for _, col := range cols {
				have = append(have, col.Name+" "+col.Type.String())
			}
			c.errorf(ref.Name.Pos, "Kafka source %s has '%s' values, which are one STRING column; it has (%s)", name, src.Format, strings.Join(have, ", "))
			return nil
		}
	}
	return src
}

// kafkaClientValues checks the values of the Kafka client settings of a
// source or sink with the runtime's own parser (a bad linger.ms is a
// compile error, not a failure at start).
func (c *compiler) kafkaClientValues(props []plan.Prop, name string, check func(map[string]string) error) bool {
	extra := map[string]string{}
	pos := map[string]plan.Prop{}
	known := map[string]bool{}
	for _, k := range kafkaKeys {
		known[k] = true
	}
	for _, p := range props {
		key := strings.TrimPrefix(p.Key, name+".")
		if !known[key] {
			extra[key], pos[key] = p.Value, p
		}
	}
	if err := check(extra); err != nil {
		at := props[0]
		for key, p := range pos {
			if strings.Contains(err.Error(), `"`+key+`"`) {
				at = p
			}
		}
		c.errorf(at.Pos, "%v", err)
		return false
	}
	return true
}

// kafkaFormat reads a Kafka source's or sink's value format: json (the
// default), csv (one record a message, no header, the columns in
// declaration or select-list order), string or bytes (the value is one
// STRING column). avro and protobuf are not compiled yet.
func (c *compiler) kafkaFormat(props []plan.Prop, name string, f *plan.Format) bool {
	for _, key := range []string{"format", "value.format", "value.serializer"} {
		p, ok := lookupProp(props, name+"."+key)
		if !ok {
			continue
		}
		switch strings.ToLower(p.Value) {
		case "json":
			*f = plan.JSONL
		case "csv":
			*f = plan.CSV
		case "string":
			*f = plan.Text
		case "bytes":
			*f = plan.RawBytes
		case "avro":
			*f = plan.Avro
		case "protobuf":
			c.errorf(p.Pos, "'%s' = '%s' is not supported yet for Kafka (json, csv, string, bytes and avro are)", p.Key, p.Value)
			return false
		default:
			c.errorf(p.Pos, "'%s' must be json, csv, avro, protobuf, string or bytes, not '%s'", p.Key, p.Value)
			return false
		}
	}
	return true
}

// keyFormat reads a Kafka source's or sink's 'key.format' (io.md): string
// (the default) or json. A source's key is _key's text either way.
func (c *compiler) keyFormat(props []plan.Prop, name string) (json, ok bool) {
	p, set := lookupProp(props, name+".key.format")
	if !set {
		return false, true
	}
	switch strings.ToLower(p.Value) {
	case "string":
		return false, true
	case "json":
		return true, true
	}
	c.errorf(p.Pos, "'%s' must be string or json, not '%s'", p.Key, p.Value)
	return false, false
}

// override returns base with every property of over replacing the one
// with the same key, or appended.
func override(base, over []plan.Prop) []plan.Prop {
	out := append([]plan.Prop(nil), base...)
	for _, p := range over {
		replaced := false
		for i := range out {
			if out[i].Key == p.Key {
				out[i], replaced = p, true
			}
		}
		if !replaced {
			out = append(out, p)
		}
	}
	return out
}

func lookupProp(props []plan.Prop, key string) (plan.Prop, bool) {
	for _, p := range props {
		if p.Key == key {
			return p, true
		}
	}
	return plan.Prop{}, false
}

// checkKeys reports unknown keys of a source or sink.
func (c *compiler) checkKeys(props []plan.Prop, name string, r role, typ string) bool {
	ok := true
	for _, p := range props {
		rest := strings.TrimPrefix(p.Key, name+".")
		if known, s := knownKey(r, typ, rest); !known {
			hint := ""
			if s != "" {
				hint = "; did you mean '" + name + "." + s + "'?"
			}
			from := ""
			if p.Origin != "" {
				from = " (from " + p.Origin + ")"
			}
			c.errorf(p.Pos, "unknown property '%s'%s for a %s%s", p.Key, from, typ, hint)
			ok = false
		}
	}
	return ok
}

// fileFormat reads 'format', 'delimiter' and 'has_headers' of a file
// source or sink. The format defaults by extension (io.md).
func (c *compiler) fileFormat(props []plan.Prop, name, path string, f *plan.Format, delim *byte, header *bool) bool {
	*f = plan.CSV
	switch strings.ToLower(filepath.Ext(strings.TrimSuffix(path, ".gz"))) {
	case ".jsonl", ".json", ".ndjson":
		*f = plan.JSONL
	}
	if p, ok := lookupProp(props, name+".format"); ok {
		switch strings.ToLower(p.Value) {
		case "csv":
			*f = plan.CSV
		case "csv_no_header":
			*f, *header = plan.CSV, false
		case "json", "jsonl", "jsonlines":
			*f = plan.JSONL
		default:
			c.errorf(p.Pos, "'%s' must be csv, csv_no_header, json, jsonl or jsonlines, not '%s'", p.Key, p.Value)
			return false
		}
	}
	if p, ok := lookupProp(props, name+".delimiter"); ok {
		v := p.Value
		if v == `\t` {
			v = "\t"
		}
		if len(v) != 1 || v == "\n" || v == "\r" || v == `"` {
			c.errorf(p.Pos, "'%s' must be one character, not '%s'", p.Key, p.Value)
			return false
		}
		*delim = v[0]
	}
	for _, key := range []string{"has_headers", "header"} {
		if p, ok := lookupProp(props, name+"."+key); ok {
			switch strings.ToLower(p.Value) {
			case "true":
				*header = true
			case "false":
				*header = false
			default:
				c.errorf(p.Pos, "'%s' must be true or false, not '%s'", p.Key, p.Value)
				return false
			}
		}
	}
	return true
}

// sourceSchema finds a file source's schema in io.md's order of
// precedence: a declaration's column list, '<name>.schema.file',
// schemas/<name>.schema.yaml beside the SQL file, @data hints, inference
// from the file. A schema file gives names and types only: the file's
// format is still what 'format' or the extension says.
func (c *compiler) sourceSchema(ref *ast.TableRef, src *plan.Source, decl *declared, path plan.Prop) *schema.Schema {
	file, hasFile := lookupProp(src.Props, src.Name+".schema.file")
	msg, hasMsg := lookupProp(src.Props, src.Name+".schema.message")
	if hasMsg && !hasFile {
		c.errorf(msg.Pos, "'%s' names a message of a .proto schema file, but there is no '%s.schema.file'", msg.Key, src.Name)
		return nil
	}
	if hasFile && schema.FormatOf(file.Value) == schema.UnknownFormat {
		c.errorf(file.Pos, "'%s' must name a %s schema file, not '%s'", file.Key, schema.FileExtensions, file.Value)
		return nil
	}
	if hasMsg && schema.FormatOf(file.Value) != schema.ProtoFormat {
		c.errorf(msg.Pos, "'%s' applies to a .proto schema file, and '%s' is not one", msg.Key, file.Value)
		return nil
	}
	if decl != nil && len(decl.stmt.Columns) > 0 {
		return decl.schema
	}
	if hasFile {
		return c.schemaFile(src.Name, file, msg.Value)
	}
	if s, found := c.schemaDir(src.Name, path); found {
		return s
	}
	if h := c.hints[src.Name]; h != nil && len(h.Columns) > 0 {
		return h
	}
	input, err := c.findInput(path.Value)
	if err != nil {
		c.errorf(ref.Name.Pos, "no schema for source %s: declare its columns (CREATE STREAM %s (col TYPE, ...)), or make '%s' exist when compiling so veloc can infer them", src.Name, src.Name, path.Value)
		return nil
	}
	defer input.Close()
	var s *schema.Schema
	if src.Format == plan.JSONL {
		s, err = schema.InferJSONL(src.Name, path.Value, input)
	} else {
		s, err = schema.InferCSV(src.Name, path.Value, input, schema.CSVOptions{Delimiter: rune(src.Delimiter), HasHeader: src.HasHeader})
	}
	if err != nil {
		c.errorf(path.Pos, "inferring the schema of %s: %v", src.Name, err)
		return nil
	}
	// A sample cannot promise that a column is never empty, so inferred
	// columns are nullable (docs/decisions.md); only a declaration's NOT
	// NULL is a promise the program may rely on.
	for i := range s.Columns {
		s.Columns[i].Nullable = true
	}
	return s
}

// schemaFile loads the schema file that '<name>.schema.file' names. A
// relative path is looked up beside the SQL file first (where schemas/
// is), then in the working directory. Errors are at the property and
// name the file, and the line and field in it where known.
func (c *compiler) schemaFile(source string, file plan.Prop, message string) *schema.Schema {
	candidates := []string{file.Value}
	if !filepath.IsAbs(file.Value) && c.opts.Dir != "" && c.opts.Dir != "." {
		candidates = []string{filepath.Join(c.opts.Dir, file.Value), file.Value}
	}
	for _, p := range candidates {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if fi.IsDir() {
			c.errorf(file.Pos, "schema of %s: %s is a folder, not a schema file", source, file.Value)
			return nil
		}
		s, err := schema.LoadFile(source, file.Value, p, message)
		if err != nil {
			c.errorf(file.Pos, "schema of %s: %v", source, err)
			return nil
		}
		return s
	}
	where := ""
	if len(candidates) > 1 {
		where = " (looked in " + c.opts.Dir + " beside the SQL file and in the working directory)"
	}
	c.errorf(file.Pos, "schema of %s: schema file %s does not exist%s", source, file.Value, where)
	return nil
}

// schemaDir loads schemas/<name>.schema.yaml beside the SQL file, if it
// exists (the name as written, else in lower case). Its errors are at the
// source's path property.
func (c *compiler) schemaDir(source string, at plan.Prop) (*schema.Schema, bool) {
	names := []string{source}
	if low := strings.ToLower(source); low != source {
		names = append(names, low)
	}
	for _, n := range names {
		rel := "schemas/" + n + ".schema.yaml"
		p := filepath.Join(c.opts.Dir, "schemas", n+".schema.yaml")
		if _, err := os.Stat(p); err != nil {
			continue
		}
		s, err := schema.LoadFile(source, rel, p, "")
		if err != nil {
			c.errorf(at.Pos, "schema of %s: %v", source, err)
			return nil, true
		}
		s.Origin.Kind = schema.SchemaDir
		return s, true
	}
	return nil, false
}

// findInput opens an input file for inference: relative to the working
// directory (where the program runs), else to the SQL file's folder. A
// glob reads its first match.
func (c *compiler) findInput(path string) (*os.File, error) {
	candidates := []string{path}
	if c.opts.Dir != "" && !filepath.IsAbs(path) {
		candidates = append(candidates, filepath.Join(c.opts.Dir, path))
	}
	var firstErr error
	for _, p := range candidates {
		if strings.ContainsAny(p, "*?[") {
			matches, _ := filepath.Glob(p)
			if len(matches) == 0 {
				continue
			}
			p = matches[0]
		}
		f, err := os.Open(p)
		if err == nil {
			return f, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = os.ErrNotExist
	}
	return nil, firstErr
}

// outputSchema is the schema of a job's output, as a later job reads it.
func outputSchema(j *plan.Job) *schema.Schema {
	s := &schema.Schema{Source: j.Name, Origin: schema.Origin{Kind: schema.Declared, Pos: j.Pos}}
	for _, o := range j.Outputs {
		s.Columns = append(s.Columns, schema.Column{Name: o.Name, Type: o.Expr.Type(), Nullable: o.Expr.Nullable()})
	}
	return s
}

// sink resolves where a job writes.
func (c *compiler) sink(j *plan.Job, kind plan.JobKind, name *ast.Ident, props []plan.Prop, stmt ast.Stmt) *plan.Sink {
	if kind == plan.SelectJob {
		return &plan.Sink{Name: "stdout", Kind: plan.StdoutSink, Format: plan.JSONL}
	}
	sname := name.Name
	if kind == plan.InsertJob {
		decl := c.decls[strings.ToLower(sname)]
		if decl == nil {
			c.errorf(name.Pos, "INSERT INTO %s: %s is not declared; declare it with CREATE STREAM %s (...) WITH ('%s.type' = 'file_sink', ...)", sname, sname, sname, sname)
			return nil
		}
		var base []plan.Prop
		for _, p := range decl.props {
			_, rest, _ := strings.Cut(p.Key, ".")
			p.Key = sname + "." + rest
			base = append(base, p)
		}
		props = override(base, props)
		c.checkInsertColumns(j, decl)
	}
	props = c.configFile(props, sname, roleSink)
	typ, ok := lookupProp(props, sname+".type")
	if !ok {
		if len(props) > 0 {
			c.errorf(props[0].Pos, "sink %s has properties but no '%s.type' (one of %s)", sname, sname, strings.Join(sinkTypes, ", "))
		}
		return nil // read in process by a later statement, or an error in finish
	}
	s := &plan.Sink{Name: sname, Delimiter: ',', HasHeader: true, Props: props}
	switch typ.Value {
	case "file_sink":
		s.Kind = plan.FileSink
	case "stdout_sink":
		s.Kind, s.Format = plan.StdoutSink, plan.JSONL
	case "kafka_sink":
		s.Kind, s.Format = plan.KafkaSink, plan.JSONL
		if !c.kafkaFormat(props, sname, &s.Format) || !c.kafkaClientValues(props, sname, kafka.CheckSinkProperties) {
			return nil
		}
		if s.Format == plan.Avro && !c.avroSink(j, s, typ, props) {
			return nil
		}
		if s.KeyJSON, ok = c.keyFormat(props, sname); !ok {
			return nil
		}
		if p, ok := lookupProp(props, sname+".delivery_profile"); ok && !slices.Contains(kafka.DeliveryProfiles, p.Value) {
			c.errorf(p.Pos, "'%s' must be one of %s, not '%s'", p.Key, strings.Join(kafka.DeliveryProfiles, ", "), p.Value)
			return nil
		}
	default:
		c.errorf(typ.Pos, "'%s.type' must be one of %s, not '%s'%s", sname, strings.Join(sinkTypes, ", "), typ.Value, didYouMean(typ.Value, sinkTypes))
		return nil
	}
	if !c.checkKeys(props, sname, roleSink, typ.Value) {
		return nil
	}
	for i := range s.Props {
		switch strings.TrimPrefix(s.Props[i].Key, sname+".") {
		case "type", "format":
			s.Props[i].Fixed = true
		}
	}
	path := ""
	if p, ok := lookupProp(props, sname+".path"); ok {
		path = p.Value
	} else if s.Kind == plan.FileSink {
		c.errorf(typ.Pos, "file sink %s needs '%s.path'", sname, sname)
		return nil
	}
	if s.Kind == plan.FileSink || s.Kind == plan.StdoutSink {
		defaultFormat := s.Format
		if !c.fileFormat(props, sname, path, &s.Format, &s.Delimiter, &s.HasHeader) {
			return nil
		}
		if _, set := lookupProp(props, sname+".format"); s.Kind == plan.StdoutSink && !set {
			s.Format = defaultFormat
		}
	}
	for _, o := range j.Outputs {
		if t := o.Expr.Type(); t.Kind == types.Array || t.Kind == types.Map {
			if s.Format == plan.CSV {
				c.errorf(o.Expr.Pos(), "column %s is %s, which a CSV sink cannot hold; write JSON lines or convert it", o.Name, t)
			}
		}
	}
	return s
}

// checkInsertColumns checks an INSERT's outputs against the declared sink.
func (c *compiler) checkInsertColumns(j *plan.Job, d *declared) {
	cols := d.schema.Columns
	if len(cols) == 0 {
		return
	}
	if len(cols) != len(j.Outputs) {
		c.errorf(j.Pos, "INSERT INTO %s writes %d columns, but %s declares %d", d.stmt.Name.Name, len(j.Outputs), d.stmt.Name.Name, len(cols))
		return
	}
	for i, o := range j.Outputs {
		if _, ok := types.Common(cols[i].Type, o.Expr.Type()); !ok {
			c.errorf(o.Expr.Pos(), "column %d (%s) is %s, but %s.%s is %s", i+1, o.Name, o.Expr.Type(), d.stmt.Name.Name, cols[i].Name, cols[i].Type)
		}
	}
}

// configFile puts the properties of '<name>.config_file' (io.md) under
// the SQL's, which win. A flattened YAML key that is not a property of
// the source or sink as it stands, but ends with one, is that property:
// Velostream files nest client settings (`datasource.consumer_config.
// fetch.max.bytes`), and the nesting carries no meaning here. Other keys
// stay as written, so the unknown-key error names them and their file.
func (c *compiler) configFile(props []plan.Prop, name string, r role) []plan.Prop {
	file, ok := lookupProp(props, name+".config_file")
	if !ok {
		return props
	}
	path := file.Value
	if !filepath.IsAbs(path) && c.opts.Dir != "" {
		if _, err := os.Stat(filepath.Join(c.opts.Dir, path)); err == nil {
			path = filepath.Join(c.opts.Dir, path)
		}
	}
	entries, err := configfile.Load(file.Value, path)
	if err != nil {
		c.errorf(file.Pos, "'%s': %v", file.Key, err)
		return props
	}
	typ, _ := lookupProp(props, name+".type")
	for _, e := range entries {
		if typ.Value == "" && e.Key == "type" {
			typ.Value = e.Value
		}
	}
	var from []plan.Prop
	for _, e := range entries {
		key := e.Key
		if known, _ := knownKey(r, typ.Value, key); !known {
			for rest := key; strings.Contains(rest, "."); {
				_, rest, _ = strings.Cut(rest, ".")
				if known, _ := knownKey(r, typ.Value, rest); known {
					key = rest
					break
				}
			}
		}
		from = override(from, []plan.Prop{{Key: name + "." + key, Value: e.Value, Pos: file.Pos, Origin: e.Where()}})
	}
	return override(from, props)
}

// avroSource checks a Kafka source with Avro values: the generated
// decoder reads the fields in the order and encoding of the .avsc the
// messages are written with, so the schema must come from one.
func (c *compiler) avroSource(ref *ast.TableRef, src *plan.Source, props []plan.Prop) bool {
	name := src.Name
	if file, ok := lookupProp(props, name+".schema.file"); ok && src.Schema.Avro == nil {
		// Declared columns and an .avsc: the declaration names and types
		// the columns, the .avsc says how they are written.
		avsc := c.schemaFile(name, file, "")
		if avsc == nil {
			return false
		}
		if avsc.Avro != nil && !c.sameColumns(file, src.Schema, avsc) {
			return false
		}
		withAvro := *src.Schema
		withAvro.Avro = avsc.Avro
		src.Schema = &withAvro
	}
	if src.Schema.Avro == nil {
		c.errorf(ref.Name.Pos, "Kafka source %s has Avro values: name the .avsc they are written with in '%s.schema.file' (the decoder reads its fields in its order)", name, name)
		return false
	}
	for i, f := range src.Schema.Avro {
		switch f.Kind {
		case "record", "array", "map":
			c.errorf(ref.Name.Pos, "Kafka source %s: field %s is a nested Avro %s, which is not supported yet in Kafka values", name, src.Schema.Columns[i].Name, f.Kind)
			return false
		case "":
			c.errorf(ref.Name.Pos, "Kafka source %s: the Avro type of field %s is not understood", name, src.Schema.Columns[i].Name)
			return false
		}
	}
	_, src.Framed = lookupProp(props, name+".schema.registry.url")
	return true
}

// avroSink prepares a Kafka sink with Avro values: the records are
// written in the .avsc of '<sink>.schema.file', each field from the
// output column of its name; with 'schema.registry.url' each value starts
// with Confluent's header holding '<sink>.schema.id' (veloc does not
// register schemas).
func (c *compiler) avroSink(j *plan.Job, s *plan.Sink, at plan.Prop, props []plan.Prop) bool {
	name := s.Name
	file, ok := lookupProp(props, name+".schema.file")
	if !ok {
		c.errorf(at.Pos, "sink %s writes Avro values: name the .avsc to write in '%s.schema.file'", name, name)
		return false
	}
	sch := c.schemaFile(name, file, "")
	if sch == nil {
		return false
	}
	if sch.Avro == nil {
		c.errorf(file.Pos, "'%s.schema.file' must be an .avsc for Avro values", name)
		return false
	}
	for i, f := range sch.Avro {
		col := sch.Columns[i]
		switch f.Kind {
		case "record", "array", "map", "":
			c.errorf(file.Pos, "sink %s: field %s is a nested Avro %s, which is not supported yet", name, col.Name, f.Kind)
			return false
		}
		out := -1
		for k, o := range j.Outputs {
			if strings.EqualFold(o.Name, col.Name) {
				out = k
			}
		}
		if out < 0 {
			c.errorf(file.Pos, "sink %s: the query has no column %s for the Avro field of that name", name, col.Name)
			return false
		}
		if t := j.Outputs[out].Expr.Type(); !avroWritable(t, col.Type) {
			c.errorf(file.Pos, "sink %s: column %s is %s and the Avro field is %s; use CAST", name, col.Name, t, col.Type)
			return false
		}
		// Encoding cannot fail: what could is refused here.
		why := ""
		switch {
		case j.Outputs[out].Expr.Nullable() && f.NullBranch < 0:
			why = "may be NULL and the Avro field is not a union with null; use COALESCE or make it [\"null\", ...]"
		case f.Kind == "int" && f.Logical != "date":
			why = "is INTEGER (64 bits) and the Avro field an int (32 bits); make it a long"
		case f.Kind == "enum":
			why = "would be written to an enum, which sinks do not write yet; make it a string"
		case f.Kind == "fixed" && f.Logical != "decimal":
			why = "would be written to a fixed, which sinks do not write yet; make it bytes"
		case f.Kind == "fixed" && (col.Type.IsWide() && f.Size < 16 || f.Size < 8):
			why = fmt.Sprintf("is a decimal and the Avro fixed of %d bytes may not hold it; make it at least %d bytes, or bytes", f.Size, map[bool]int{true: 16, false: 8}[col.Type.IsWide()])
		case strings.HasSuffix(f.Logical, "timestamp-nanos"):
			why = "would be written as nanoseconds, which overflow after 2262; make it timestamp-micros or -millis"
		}
		if why != "" {
			c.errorf(file.Pos, "sink %s: column %s %s", name, col.Name, why)
			return false
		}
		s.AvroOut = append(s.AvroOut, out)
	}
	s.Avro, s.SchemaID = sch, -1
	if _, framed := lookupProp(props, name+".schema.registry.url"); framed {
		p, ok := lookupProp(props, name+".schema.id")
		id, err := strconv.Atoi(p.Value)
		if !ok || err != nil || id < 0 {
			c.errorf(at.Pos, "sink %s has a 'schema.registry.url': give the registered schema's ID in '%s.schema.id' (veloc does not register schemas)", name, name)
			return false
		}
		s.SchemaID = id
	}
	return true
}

// avroWritable reports whether a value of type t is written as an Avro
// field read as column type field: the same kind, and for decimals the
// same scale.
func avroWritable(t, field types.Type) bool {
	if t.Kind != field.Kind {
		return false
	}
	return t.Kind != types.Decimal || t.Scale == field.Scale && t.IsWide() == field.IsWide()
}

// sameColumns checks that a source's declared columns are those of the
// .avsc its values are written with: the same names, in the same order,
// of the same types.
func (c *compiler) sameColumns(file plan.Prop, decl, avsc *schema.Schema) bool {
	if len(decl.Columns) != len(avsc.Columns) {
		c.errorf(file.Pos, "%s has %d fields and source %s declares %d columns; declare them in the same order, or drop the declaration", file.Value, len(avsc.Columns), decl.Source, len(decl.Columns))
		return false
	}
	for i, a := range avsc.Columns {
		d := decl.Columns[i]
		if !strings.EqualFold(a.Name, d.Name) || a.Type != d.Type {
			c.errorf(file.Pos, "field %d of %s is %s %s, and source %s declares column %d as %s %s", i+1, file.Value, a.Name, a.Type, decl.Source, i+1, d.Name, d.Type)
			return false
		}
	}
	return true
}
