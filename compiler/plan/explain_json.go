package plan

// JSONJob is a job as `veloc explain --format json` prints it: a stable
// structure for tools, built from the plan (the field names are part of
// veloc's interface; add fields, do not rename them).
type JSONJob struct {
	Name      string         `json:"name"`
	Kind      string         `json:"kind"`
	Line      int            `json:"line"`
	Source    *JSONSource    `json:"source,omitempty"`
	Filter    string         `json:"filter,omitempty"`
	Joins     []JSONJoin     `json:"joins,omitempty"`
	Aggregate *JSONAggregate `json:"aggregate,omitempty"`
	Outputs   []JSONColumn   `json:"outputs"`
	Limit     *int64         `json:"limit,omitempty"`
	Sink      *JSONSink      `json:"sink,omitempty"`
	Feeds     []string       `json:"feeds,omitempty"`
	Errors    string         `json:"error_policy"`
	Metrics   []JSONMetric   `json:"metrics,omitempty"`
}

// JSONSource is a job's source.
type JSONSource struct {
	Name         string       `json:"name"`
	Kind         string       `json:"kind"`
	Format       string       `json:"format,omitempty"`
	FromJob      string       `json:"from_job,omitempty"`
	SchemaOrigin string       `json:"schema_origin,omitempty"`
	Columns      []JSONColumn `json:"columns"`
	Pushed       []string     `json:"pushed_filters,omitempty"`
}

// JSONColumn is a source or output column.
type JSONColumn struct {
	Name       string `json:"name"`
	Type       string `json:"type"`
	Nullable   bool   `json:"nullable"`
	Read       *bool  `json:"read,omitempty"` // source columns: false when pruned
	Expr       string `json:"expr,omitempty"` // output columns
	PrimaryKey bool   `json:"primary_key,omitempty"`
}

// JSONAggregate is a job's GROUP BY stage.
type JSONAggregate struct {
	Emit       string      `json:"emit"`
	Keys       []string    `json:"keys"`
	Aggregates []string    `json:"aggregates"`
	Having     string      `json:"having,omitempty"`
	OrderBy    []JSONOrder `json:"order_by,omitempty"`
}

// JSONOrder is one ORDER BY item.
type JSONOrder struct {
	Column string `json:"column"`
	Desc   bool   `json:"desc,omitempty"`
}

// JSONSink is a job's sink.
type JSONSink struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Format string `json:"format"`
}

// ExplainJSON returns the program's jobs in the JSON structure.
func ExplainJSON(p *Program) []JSONJob {
	out := make([]JSONJob, 0, len(p.Jobs))
	for _, j := range p.Jobs {
		jj := JSONJob{Name: j.Name, Kind: j.Kind.String(), Line: j.Pos.Line, Errors: j.ErrorPolicy.String(), Outputs: []JSONColumn{}}
		if s := j.Source; s != nil {
			js := &JSONSource{Name: s.Name, Kind: s.Kind.String(), Columns: []JSONColumn{}}
			if s.Producer != nil {
				js.FromJob = s.Producer.Name
			} else {
				js.Format = s.Format.String()
			}
			if s.Schema != nil {
				js.SchemaOrigin = s.Schema.Origin.String()
				for i, c := range s.Schema.Columns {
					col := JSONColumn{Name: c.Name, Type: c.Type.String(), Nullable: c.Nullable}
					if s.Used != nil {
						read := s.Used[i]
						col.Read = &read
					}
					js.Columns = append(js.Columns, col)
				}
			}
			for _, e := range s.Pushed {
				js.Pushed = append(js.Pushed, String(e))
			}
			jj.Source = js
		}
		if j.Where != nil {
			jj.Filter = String(j.Where)
		}
		jj.Joins = explainJoinsJSON(j)
		if a := j.Agg; a != nil {
			ja := &JSONAggregate{Emit: a.Emit.String(), Keys: []string{}, Aggregates: []string{}}
			for _, k := range a.Keys {
				ja.Keys = append(ja.Keys, String(k))
			}
			for _, c := range a.Aggs {
				ja.Aggregates = append(ja.Aggregates, AggString(c))
			}
			if a.Having != nil {
				ja.Having = String(a.Having)
			}
			for _, o := range a.OrderBy {
				ja.OrderBy = append(ja.OrderBy, JSONOrder{Column: j.Outputs[o.Output].Name, Desc: o.Desc})
			}
			jj.Aggregate = ja
		}
		for _, o := range j.Outputs {
			jj.Outputs = append(jj.Outputs, JSONColumn{Name: o.Name, Type: o.Expr.Type().String(), Nullable: o.Expr.Nullable(), Expr: String(o.Expr), PrimaryKey: o.PrimaryKey})
		}
		if j.Limit >= 0 {
			n := j.Limit
			jj.Limit = &n
		}
		if s := j.Sink; s != nil {
			jj.Sink = &JSONSink{Name: s.Name, Kind: s.Kind.String(), Format: s.Format.String()}
		}
		for _, c := range j.Consumers {
			jj.Feeds = append(jj.Feeds, c.Name)
		}
		jj.Metrics = jsonMetrics(j)
		out = append(out, jj)
	}
	return out
}
