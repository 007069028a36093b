package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/compiler/types"
)

// This file generates the decoder of Kafka values in Avro binary
// ('format' = 'avro'). The writer's schema is the source's .avsc, known
// when compiling: the decoder reads every field in order with
// runtime/avrorec — the fields the query uses into the input record, the
// others skipped — and checks the pushed-down filters at the end.

const pkgAvro = "github.com/velocsql/veloc/runtime/avrorec"

// decodeAvro generates decode for Avro values.
func (g *jobGen) decodeAvro() {
	s := g.job.Source
	ex := &exprGen{fn: &funcGen{job: g, column: g.inColumn, system: g.system, failPrefix: []jen.Code{jen.False()}}}
	rd := jen.Id("rd")
	ex.add(jen.Var().Add(rd).Qual(pkgAvro, "Reader"), rd.Clone().Dot("Reset").Call(jen.Id("v")))
	if s.Framed {
		ex.add(rd.Clone().Dot("ConfluentHeader").Call())
	}
	for i, f := range s.Schema.Avro {
		c := s.Schema.Columns[i]
		ex.add(jen.Commentf("%s %s (avro %s)", c.Name, c.Type, avroDescribe(f)))
		ex.add(g.avroField(i, c, f)...)
	}
	ex.add(jen.If(jen.Err().Op(":=").Add(rd.Clone()).Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(
		jen.Return(jen.False(), jen.Lit(kindMalformed), jen.Lit("avro: ").Op("+").Err().Dot("Error").Call())),
		jen.If(jen.Id("n").Op(":=").Add(rd.Clone()).Dot("Len").Call(), jen.Id("n").Op("!=").Lit(0)).Block(
			jen.Return(jen.False(), jen.Lit(kindMalformed), jen.Qual("fmt", "Sprintf").Call(jen.Lit("avro: %d bytes after the record"), jen.Id("n")))))
	for _, p := range s.Pushed {
		filterCheck(ex, p, jen.False(), jen.Lit(""), jen.Lit(""))
	}
	ex.add(jen.Return(jen.True(), jen.Lit(""), jen.Lit("")))
	doc(g.f, "decode reads a message's Avro value (%s's schema) into the columns job %s uses.", s.Schema.Origin.String(), g.job.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("decode").Params(jen.Id("v").Index().Byte()).Params(
		jen.Id("keep").Bool(), jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
}

func avroDescribe(f schema.AvroField) string {
	d := f.Kind
	if f.Logical != "" {
		d += " " + f.Logical
	}
	if f.NullBranch >= 0 {
		d += fmt.Sprintf(", nullable (null is branch %d)", f.NullBranch)
	}
	return d
}

// avroField reads field i: into the input record if the query uses it,
// else skipped.
func (g *jobGen) avroField(i int, c schema.Column, f schema.AvroField) []jen.Code {
	s := g.job.Source
	rd := jen.Id("rd")
	used := s.Used[i]
	var value []jen.Code
	if used {
		field := jen.Id("j").Dot("in").Dot(g.inField[i])
		set := func(v jen.Code) []jen.Code {
			out := []jen.Code{field.Clone().Op("=").Add(v)}
			if c.Nullable {
				out = append(out, jen.Id("j").Dot("in").Dot(g.inOK[i]).Op("=").True())
			}
			return out
		}
		value = g.avroValue(c, f, set)
	} else {
		value = avroSkip(f)
	}
	if f.NullBranch < 0 {
		return value
	}
	var null []jen.Code
	if used && c.Nullable {
		null = []jen.Code{jen.Id("j").Dot("in").Dot(g.inOK[i]).Op("=").False()}
	} else if used {
		null = []jen.Code{jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+" is NOT NULL but null"))}
	}
	br := jen.Id(fmt.Sprintf("b%d", i))
	return []jen.Code{
		br.Clone().Op(":=").Add(rd.Clone()).Dot("Long").Call(),
		jen.Switch(br.Clone()).Block(
			jen.Case(jen.Lit(int64(f.NullBranch))).Block(null...),
			jen.Case(jen.Lit(int64(1-f.NullBranch))).Block(value...),
			jen.Default().Block(rd.Clone().Dot("Fail").Call(jen.Lit("field "+c.Name+": union branch %d"), br.Clone())),
		),
	}
}

// avroValue reads one value of field f into the column with set.
func (g *jobGen) avroValue(c schema.Column, f schema.AvroField, set func(jen.Code) []jen.Code) []jen.Code {
	rd := jen.Id("rd")
	bad := func(what string) jen.Code {
		return jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+": "+what))
	}
	var raw jen.Code // the bytes of a bytes, string or fixed
	switch f.Kind {
	case "bytes", "string":
		raw = rd.Clone().Dot("Bytes").Call()
	case "fixed":
		raw = rd.Clone().Dot("Fixed").Call(jen.Lit(f.Size))
	}
	switch {
	case c.Type.Kind == types.Decimal:
		conv := jen.Qual(pkgAvro, "Decimal64")
		if c.Type.IsWide() {
			conv = jen.Qual(pkgAvro, "Decimal128")
		}
		out := []jen.Code{jen.If(jen.List(jen.Id("d"), jen.Id("ok")).Op(":=").Add(conv).Call(raw), jen.Id("ok")).Block(set(jen.Id("d"))...).
			Else().Block(bad("the decimal does not fit " + c.Type.String()))}
		return out
	case f.Kind == "enum":
		syms := make([]jen.Code, len(f.Symbols))
		for k, s := range f.Symbols {
			syms[k] = jen.Lit(s)
		}
		return []jen.Code{
			jen.Id("e").Op(":=").Add(rd.Clone()).Dot("Long").Call(),
			jen.If(jen.Id("e").Op("<").Lit(0).Op("||").Id("e").Op(">=").Lit(int64(len(f.Symbols)))).Block(bad("enum index out of range")),
			jen.Block(append([]jen.Code{jen.Id("symbols").Op(":=").Index(jen.Lit(len(f.Symbols))).String().Values(syms...)}, set(jen.Id("symbols").Index(jen.Id("e")))...)...),
		}
	case raw != nil:
		return set(jen.Qual(pkgSQLFn, "View").Call(raw))
	}
	var v jen.Code
	switch f.Kind {
	case "boolean":
		v = rd.Clone().Dot("Bool").Call()
	case "int", "long":
		v = rd.Clone().Dot("Long").Call()
		switch f.Logical {
		case "timestamp-micros", "local-timestamp-micros":
			v = jen.Qual(pkgAvro, "FloorDiv").Call(v, jen.Lit(1000))
		case "timestamp-nanos", "local-timestamp-nanos":
			v = jen.Qual(pkgAvro, "FloorDiv").Call(v, jen.Lit(1000000))
		case "date":
			v = jen.Int32().Call(v)
		}
	case "float":
		v = jen.Float64().Call(rd.Clone().Dot("Float").Call())
	case "double":
		v = rd.Clone().Dot("Double").Call()
	}
	return set(v)
}

// avroSkip reads past a value of f the query does not use.
func avroSkip(f schema.AvroField) []jen.Code {
	rd := jen.Id("rd")
	switch f.Kind {
	case "boolean":
		return []jen.Code{rd.Clone().Dot("Fixed").Call(jen.Lit(1))}
	case "int", "long", "enum":
		return []jen.Code{rd.Clone().Dot("Long").Call()}
	case "float":
		return []jen.Code{rd.Clone().Dot("Fixed").Call(jen.Lit(4))}
	case "double":
		return []jen.Code{rd.Clone().Dot("Fixed").Call(jen.Lit(8))}
	case "fixed":
		return []jen.Code{rd.Clone().Dot("Fixed").Call(jen.Lit(f.Size))}
	}
	return []jen.Code{rd.Clone().Dot("Bytes").Call()} // bytes, string
}

// encodeAvro appends an output row as an Avro record of the sink's .avsc
// (the compiler refused what could fail: see compiler avroSink), and the
// newline that the Kafka produce leaves out.
func (g *jobGen) encodeAvro(outs []val) []jen.Code {
	s := g.job.Sink
	out := jen.Id("out")
	var code []jen.Code
	if s.SchemaID >= 0 {
		code = append(code, out.Clone().Op("=").Qual(pkgAvro, "AppendHeader").Call(out.Clone(), jen.Lit(s.SchemaID)))
	}
	for i, f := range s.Avro.Avro {
		o := s.AvroOut[i]
		v := outs[o]
		t := g.job.Outputs[o].Expr.Type()
		code = append(code, jen.Commentf("%s (avro %s)", s.Avro.Columns[i].Name, avroDescribe(f)))
		value := avroAppend(v.V, t, f)
		if f.NullBranch < 0 {
			code = append(code, value...)
			continue
		}
		null := out.Clone().Op("=").Qual(pkgAvro, "AppendLong").Call(out.Clone(), jen.Lit(int64(f.NullBranch)))
		some := append([]jen.Code{out.Clone().Op("=").Qual(pkgAvro, "AppendLong").Call(out.Clone(), jen.Lit(int64(1-f.NullBranch)))}, value...)
		if v.OK == nil {
			code = append(code, some...)
		} else {
			code = append(code, jen.If(v.OK).Block(some...).Else().Block(null))
		}
	}
	return append(code, out.Clone().Op("=").Append(out.Clone(), jen.LitRune('\n')))
}

// avroAppend appends value v of type t as field f.
func avroAppend(v jen.Code, t types.Type, f schema.AvroField) []jen.Code {
	out := jen.Id("out")
	app := func(fn string, args ...jen.Code) []jen.Code {
		return []jen.Code{out.Clone().Op("=").Qual(pkgAvro, fn).Call(append([]jen.Code{out.Clone()}, args...)...)}
	}
	switch {
	case t.Kind == types.Decimal:
		two := jen.Qual(pkgAvro, "Decimal64Bytes").Call(jen.Op("&").Id("decBuf"), v)
		if t.IsWide() {
			two = jen.Qual(pkgAvro, "Decimal128Bytes").Call(jen.Op("&").Id("decBuf"), v)
		}
		decl := jen.Var().Id("decBuf").Index(jen.Lit(16)).Byte()
		if f.Kind == "fixed" {
			return []jen.Code{jen.Block(decl, jen.List(out.Clone(), jen.Id("_")).Op("=").Qual(pkgAvro, "AppendFixedDecimal").Call(out.Clone(), two, jen.Lit(f.Size)))}
		}
		return []jen.Code{jen.Block(decl, out.Clone().Op("=").Qual(pkgAvro, "AppendDecimal").Call(out.Clone(), two))}
	case f.Kind == "boolean":
		return app("AppendBool", v)
	case f.Kind == "float":
		return app("AppendFloat", jen.Float32().Call(v))
	case f.Kind == "double":
		return app("AppendDouble", v)
	case f.Kind == "string", f.Kind == "bytes":
		if t.Kind != types.String {
			return app("AppendBytes", textOf(v, t))
		}
		return app("AppendBytes", v)
	case f.Logical == "timestamp-micros" || f.Logical == "local-timestamp-micros":
		return app("AppendLong", jen.Add(v).Op("*").Lit(1000))
	case f.Logical == "date":
		return app("AppendLong", jen.Int64().Call(v))
	}
	return app("AppendLong", v) // long, timestamp-millis
}
