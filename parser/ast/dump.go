package ast

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Dump returns a stable, indented text form of a tree, used by golden
// tests and by `veloc parse --ast`. With positions false it leaves out
// every position, so two trees that differ only in layout dump the same:
// that is how the formatter's round trip is checked.
//
// Reflection is fine here: dumping is a tool for people and tests, far
// from any record path.
func Dump(n any, positions bool) string {
	d := dumper{positions: positions}
	d.value(reflect.ValueOf(n), 0)
	return d.b.String()
}

type dumper struct {
	b         strings.Builder
	positions bool
}

var (
	posType   = reflect.TypeOf(Pos{})
	identType = reflect.TypeOf(&Ident{})
)

func (d *dumper) line(depth int, s string) {
	d.b.WriteString(strings.Repeat("  ", depth))
	d.b.WriteString(s)
	d.b.WriteByte('\n')
}

// value writes v, whose first line continues a line the caller started
// (so the caller has written "Field: " or "- " already).
func (d *dumper) value(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			d.b.WriteString("nil\n")
			return
		}
		d.value(v.Elem(), depth)
	case reflect.Pointer:
		if v.IsNil() {
			d.b.WriteString("nil\n")
			return
		}
		if v.Type() == identType {
			d.b.WriteString(d.ident(v.Interface().(*Ident)) + "\n")
			return
		}
		d.value(v.Elem(), depth)
	case reflect.Struct:
		d.structValue(v, depth)
	case reflect.Slice:
		if v.Len() == 0 {
			d.b.WriteString("[]\n")
			return
		}
		d.b.WriteString("\n")
		for i := 0; i < v.Len(); i++ {
			d.b.WriteString(strings.Repeat("  ", depth+1) + "- ")
			d.value(v.Index(i), depth+2)
		}
	default:
		d.b.WriteString(scalar(v) + "\n")
	}
}

func (d *dumper) structValue(v reflect.Value, depth int) {
	t := v.Type()
	head := t.Name()
	if t == posType {
		d.b.WriteString(v.Interface().(Pos).String() + "\n")
		return
	}
	if f := v.FieldByName("Pos"); f.IsValid() && f.Type() == posType && d.positions {
		head += " @" + f.Interface().(Pos).String()
	}
	d.b.WriteString(head + "\n")
	d.fields(v, depth+1)
}

// fields writes the fields of a struct, leaving out zero values, the Pos
// field (already in the header) and, without positions, every Pos.
func (d *dumper) fields(v reflect.Value, depth int) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		if !f.IsExported() || (fv.IsZero() && !isEnum(fv)) {
			continue
		}
		if f.Anonymous { // embedded StmtHeader: flatten
			d.fields(fv, depth)
			continue
		}
		if f.Type == posType && (f.Name == "Pos" || !d.positions) {
			continue
		}
		d.b.WriteString(strings.Repeat("  ", depth) + f.Name + ": ")
		d.value(fv, depth)
	}
}

func (d *dumper) ident(id *Ident) string {
	s := strconv.Quote(id.Name)
	if id.Quoted {
		s = "quoted " + s
	}
	if d.positions {
		s += " @" + id.Pos.String()
	}
	return s
}

func scalar(v reflect.Value) string {
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	switch v.Kind() {
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10)
	}
	return fmt.Sprint(v.Interface())
}

// isEnum reports whether v is one of the tree's enumerations, which are
// dumped even at their zero value so that "Kind: INNER" is always visible.
func isEnum(v reflect.Value) bool {
	_, ok := v.Interface().(fmt.Stringer)
	return ok && v.Kind() == reflect.Int && v.Type() != reflect.TypeOf(NullsDefault)
}
