package compiler

import (
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/parser/ast"
)

// Delivery guarantees (runtime.md "Delivery and state"): veloc delivers
// at least once (offsets committed after the sinks acknowledged).
// Exactly-once (Kafka transactions) and state snapshots are not built
// yet, so asking for them is a positioned error rather than a guarantee
// silently not kept.

// jobModes are @job_mode's values (dialect.md) and whether veloc keeps
// their promise.
var jobModes = map[string]bool{"simple": true, "adaptive": true, "transactional": false}

// jobMode checks a @job_mode annotation of the file or a statement.
func (c *compiler) jobMode(anns []*ast.Annotation) {
	for _, a := range anns {
		if a.Key != "job_mode" {
			continue
		}
		v := strings.TrimSpace(a.Value)
		ok, known := jobModes[v]
		switch {
		case !known:
			c.errorf(a.ValuePos, "@job_mode must be simple, transactional or adaptive, not %q", v)
		case !ok:
			c.errorf(a.ValuePos, "@job_mode: transactional (exactly-once) is not supported yet: veloc delivers at least once; use simple")
		}
	}
}

// delivery checks '<job>.delivery' and '<job>.state.changelog'.
func (c *compiler) delivery(j *plan.Job) {
	for _, p := range j.Props {
		switch p.Key {
		case j.Name + ".delivery":
			switch p.Value {
			case "at_least_once":
			case "exactly_once":
				c.errorf(p.Pos, "'%s' = 'exactly_once' is not supported yet: veloc delivers at least once (offsets are committed after the sinks acknowledge); remove it or write 'at_least_once'", p.Key)
			default:
				c.errorf(p.Pos, "'%s' must be at_least_once or exactly_once, not '%s'", p.Key, p.Value)
			}
		case j.Name + ".state.changelog":
			if p.Value != "false" {
				c.errorf(p.Pos, "'%s' is not supported yet: group and window state lives in memory and is rebuilt from the input after a restart", p.Key)
			}
		}
	}
}
