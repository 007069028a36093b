package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/compiler/types"
)

// decodeJSON generates the decoder of one JSON object: it walks the
// object's members once, parses the members the job reads straight into
// the input record and skips the others without decoding them (io.md).
func (g *jobGen) decodeJSON() {
	s := g.job.Source
	fn := &funcGen{job: g, column: g.inColumn, system: g.system, failPrefix: []jen.Code{jen.False()}}
	ex := &exprGen{fn: fn}
	ex.add(jen.Id("o").Op(":=").Op("&").Id("j").Dot("obj"), jen.Id("o").Dot("Reset").Call(jen.Id("line")))
	// Columns absent from the object are NULL.
	var seen []jen.Code
	for i, c := range s.Schema.Columns {
		if !s.Used[i] {
			continue
		}
		if c.Nullable {
			ex.add(jen.Id("j").Dot("in").Dot(g.inOK[i]).Op("=").False())
		} else {
			seen = append(seen, jen.Id("seen"+g.inField[i]).Op(":=").False())
		}
	}
	ex.add(seen...)
	ex.add(jen.For(jen.Id("o").Dot("Next").Call()).Block(
		jen.Switch(jen.Qual(pkgSQLFn, "View").Call(jen.Id("o").Dot("Key").Call())).BlockFunc(func(sw *jen.Group) {
			names := map[string]bool{}
			for i, c := range s.Schema.Columns {
				if !s.Used[i] || names[c.Name] {
					continue
				}
				names[c.Name] = true
				sw.Case(jen.Lit(c.Name)).Block(g.decodeJSONMember(i, c)...)
			}
			sw.Default().Block(jen.Id("o").Dot("Skip").Call())
		}),
	))
	ex.add(jen.If(jen.Err().Op(":=").Id("o").Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(
		jen.Return(jen.False(), jen.Lit(kindMalformed), jen.Err().Dot("Error").Call())))
	for i, c := range s.Schema.Columns {
		if s.Used[i] && !c.Nullable {
			ex.add(jen.If(jen.Op("!").Id("seen" + g.inField[i])).Block(
				jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+" is NOT NULL but missing or null"))))
		}
	}
	for _, p := range s.Pushed {
		filterCheck(ex, p, jen.False(), jen.Lit(""), jen.Lit(""))
	}
	ex.add(jen.Return(jen.True(), jen.Lit(""), jen.Lit("")))
	doc(g.f, "decode parses the members job %s reads from one JSON object, then checks\nthe filters pushed down to the decoder. keep is false for a record a filter\nrejects; reason is set for an error record.", g.job.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("decode").Params(jen.Id("line").Index().Byte()).Params(
		jen.Id("keep").Bool(), jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
}

// decodeJSONMember parses the current member's value as column c. JSON
// numbers fit FLOAT and DECIMAL columns, numeric strings fit DECIMAL, a
// STRING column takes any value's text, and a TIMESTAMP takes epoch
// milliseconds or an ISO-8601 string (io.md).
func (g *jobGen) decodeJSONMember(i int, c schema.Column) []jen.Code {
	field, okField := jen.Id("j").Dot("in").Dot(g.inField[i]), jen.Id("j").Dot("in").Dot(g.inOK[i])
	bad := jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+": cannot read ").Op("+").Qual(pkgSQLFn, "Quote").Call(jen.Qual(pkgSQLFn, "View").Call(jen.Id("o").Dot("Raw").Call())).Op("+").Lit(" as "+castName(c.Type)))
	badNoRaw := jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+": the value is not "+castName(c.Type)))
	set := func(v jen.Code) []jen.Code {
		out := []jen.Code{jen.Add(field).Op("=").Add(v)}
		if c.Nullable {
			out = append(out, jen.Add(okField).Op("=").True())
		} else {
			out = append(out, jen.Id("seen"+g.inField[i]).Op("=").True())
		}
		return out
	}
	var body []jen.Code
	switch c.Type.Kind {
	case types.String:
		body = []jen.Code{jen.If(jen.Id("o").Dot("Peek").Call().Op("==").LitRune('"')).Block(
			jen.List(jen.Id("s"), jen.Id("_")).Op(":=").Id("o").Dot("String").Call(),
			jen.Block(set(jen.Qual(pkgSQLFn, "View").Call(jen.Id("s")))...),
		).Else().Block(set(jen.Qual(pkgSQLFn, "View").Call(jen.Id("o").Dot("Raw").Call()))...)}
	case types.Int, types.Interval:
		body = typed(jen.Id("o").Dot("Int64").Call(), set, badNoRaw)
	case types.Float:
		body = typed(jen.Id("o").Dot("Float64").Call(), set, badNoRaw)
	case types.Bool:
		body = typed(jen.Id("o").Dot("Bool").Call(), set, badNoRaw)
	case types.Timestamp, types.Date, types.Decimal:
		parse, _ := parseCall(c.Type, jen.Id("text"))
		var numeric jen.Code
		switch c.Type.Kind {
		case types.Timestamp:
			numeric = jen.Block(typed(jen.Id("o").Dot("Int64").Call(), set, badNoRaw)...)
		case types.Date:
			numeric = jen.Block(badNoRaw)
		default:
			numeric = jen.Block(
				jen.Id("text").Op(":=").Id("o").Dot("Raw").Call(),
				jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(parse), jen.Id("ok")).Block(set(jen.Id("v"))...).Else().Block(
					jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+": cannot read ").Op("+").Qual(pkgSQLFn, "Quote").Call(jen.Qual(pkgSQLFn, "View").Call(jen.Id("text"))).Op("+").Lit(" as "+castName(c.Type)))))
		}
		body = []jen.Code{jen.If(jen.Id("o").Dot("Peek").Call().Op("==").LitRune('"')).Block(
			jen.List(jen.Id("text"), jen.Id("_")).Op(":=").Id("o").Dot("String").Call(),
			jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(parse), jen.Id("ok")).Block(set(jen.Id("v"))...).Else().Block(
				jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+": cannot read ").Op("+").Qual(pkgSQLFn, "Quote").Call(jen.Qual(pkgSQLFn, "View").Call(jen.Id("text"))).Op("+").Lit(" as "+castName(c.Type)))),
		).Else().Add(numeric)}
	default:
		body = []jen.Code{bad}
	}
	return []jen.Code{jen.If(jen.Id("o").Dot("IsNull").Call()).Block(jen.Id("o").Dot("Skip").Call()).Else().Block(body...)}
}

func typed(call jen.Code, set func(jen.Code) []jen.Code, bad jen.Code) []jen.Code {
	return []jen.Code{jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(call), jen.Id("ok")).Block(set(jen.Id("v"))...).Else().Block(bad)}
}
