package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
)

// Tombstones of a Kafka table (dialect.md: a compacted topic, latest value
// per key, tombstones delete). The job that loads a declared Kafka table
// (plan.Job.Tombstones) turns a message without a value into a row that
// holds only the key, parsed from the message key as io.md writes keys
// (one column as its text, several joined with |), with del set; the
// joining job deletes that key from its table.

// tombstoneField is the del field of the row type of a job that passes
// tombstones on.
func tombstoneField(j *plan.Job) []jen.Code {
	if len(j.Tombstones) == 0 {
		return nil
	}
	return []jen.Code{
		jen.Id("del").Bool().Comment("a tombstone: delete the row with this key"),
		jen.Id("ready").Bool().Comment("no row: the topic has been read to the end offsets it had at start"),
	}
}

// kafkaGroup is the consumer group of a Kafka source: '<src>.group.id',
// else the reading job's name; none for a table's load job, which reads
// the whole topic at every start (a table is all of it, not what a group
// has not read yet).
func (g *jobGen) kafkaGroup(n string) jen.Code {
	if len(g.job.Tombstones) > 0 {
		return jen.Lit("")
	}
	return jen.Qual(pkgApp, "FirstNonEmpty").Call(jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(n+".group.id")), jen.Lit(g.job.Name))
}

// kafkaEarliest is whether a Kafka source starts at the beginning of
// partitions without a committed offset: always for a table's load job.
func (g *jobGen) kafkaEarliest(n string) jen.Code {
	if len(g.job.Tombstones) > 0 {
		return jen.True()
	}
	return jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(n + ".auto.offset.reset")).Op("!=").Lit("latest")
}

// caughtUpCheck is the statement of a table load job's Kafka read loop
// that, once the topic has been read to the end offsets it had at start,
// passes a ready row on, so that the jobs joining the table start their
// streams, and then keeps reading: later messages keep the table current.
func (g *jobGen) caughtUpCheck() jen.Code {
	if len(g.job.Tombstones) == 0 {
		return jen.Null()
	}
	g.extra = append(g.extra, jen.Id("caughtUp").Bool().Comment("the ready row has been sent"))
	return jen.If(jen.Op("!").Id("j").Dot("caughtUp").Op("&&").Id("src").Dot("CaughtUp").Call()).Block(
		jen.Id("j").Dot("caughtUp").Op("=").True(),
		jen.Id("j").Dot("rows").Op("=").Append(jen.Id("j").Dot("rows"), jen.Id(g.rowType).Values(jen.Dict{jen.Id("ready"): jen.True()})),
		jen.If(jen.Err().Op(":=").Id("j").Dot("flush").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
}

// tombstoneCheck is the statement of the Kafka read loop for a message
// without a value: skipped (and counted as read), or for a table's load
// job passed on as a deletion.
func (g *jobGen) tombstoneCheck(loc jen.Code) jen.Code {
	if len(g.job.Tombstones) == 0 {
		return jen.If(jen.Id("r").Dot("Value").Op("==").Nil()).Block(jen.Continue().Comment("a tombstone: no value to read"))
	}
	g.tombstoneFunc()
	return jen.If(jen.Id("r").Dot("Value").Op("==").Nil()).Block(
		jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("tombstone").Call(jen.Id("r").Dot("Key")),
		handle(loc, jen.Id("r").Dot("Key")),
		jen.Continue())
}

// tombstoneFunc generates tombstone: the deletion row of a message key.
func (g *jobGen) tombstoneFunc() {
	j := g.job
	d := jen.Dict{jen.Id("del"): jen.True()}
	var body []jen.Code
	body = append(body, jen.If(jen.Id("key").Op("==").Nil()).Block(jen.Return(jen.Lit(kindParse), jen.Lit("a tombstone without a key: no row to delete"))))
	n := len(j.Tombstones)
	if n > 1 {
		body = append(body,
			jen.Id("parts").Op(":=").Qual("bytes", "Split").Call(jen.Id("key"), jen.Index().Byte().Call(jen.Lit("|"))),
			jen.If(jen.Len(jen.Id("parts")).Op("!=").Lit(n)).Block(jen.Return(jen.Lit(kindParse), jen.Qual("fmt", "Sprintf").Call(jen.Lit(fmt.Sprintf("a tombstone's key has %%d parts, want %d (the table key joined with |)", n)), jen.Len(jen.Id("parts"))))))
	}
	for i, c := range j.Tombstones {
		o := j.Outputs[c]
		var part jen.Code = jen.Id("key")
		if n > 1 {
			part = jen.Id("parts").Index(jen.Lit(i))
		}
		b := jen.Id(fmt.Sprintf("b%d", i))
		body = append(body, jen.Add(b).Op(":=").Add(part))
		parse, isString := parseCall(o.Expr.Type(), b)
		field := jen.Id(g.rowField[c])
		if isString {
			d[field] = jen.Qual("strings", "Clone").Call(parse)
		} else {
			v := jen.Id(fmt.Sprintf("v%d", i))
			body = append(body, jen.List(v, jen.Id(fmt.Sprintf("ok%d", i))).Op(":=").Add(parse),
				jen.If(jen.Op("!").Id(fmt.Sprintf("ok%d", i))).Block(jen.Return(jen.Lit(kindParse), jen.Lit("a tombstone's key: cannot parse ").Op("+").Qual(pkgSQLFn, "Quote").Call(jen.Qual(pkgSQLFn, "View").Call(b)).Op("+").Lit(" as "+castName(o.Expr.Type())))))
			d[field] = v
		}
		if o.Expr.Nullable() {
			d[jen.Id(g.rowOK[c])] = jen.True()
		}
	}
	body = append(body,
		jen.Id("j").Dot("rows").Op("=").Append(jen.Id("j").Dot("rows"), jen.Id(g.rowType).Values(d)),
		jen.Id("j").Dot("nOut").Op("++"),
		jen.Return(jen.Lit(""), jen.Lit("")))
	doc(g.f, "tombstone passes a message without a value on to the jobs that join table %s\nas the deletion of the row whose key the message key holds.", j.Source.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("tombstone").Params(jen.Id("key").Index().Byte()).Params(jen.Id("kind").String(), jen.Id("reason").String()).Block(body...)
}
