package app

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/velocsql/veloc/runtime/config"
)

// props is a program's resolved configuration: the config.Set that holds
// the values and the declarations that say how to check them.
type props struct {
	set   *config.Set
	decls map[string]*Prop
	order []*Prop // in declaration order, built-in job properties last
}

// newProps defines every property of p, adding '<job>.error.policy' and
// '<job>.dlq' for jobs whose generated code did not declare them.
func newProps(p *Program) *props {
	ps := &props{set: config.NewSet(), decls: map[string]*Prop{}}
	add := func(d Prop) {
		if old, ok := ps.decls[d.Name]; ok {
			*old = d // a later declaration wins, as in config.Set.Define
		} else {
			c := d
			ps.decls[d.Name] = &c
			ps.order = append(ps.order, &c)
		}
		ps.set.Define(d.Name, d.Default, d.Help)
	}
	for _, d := range p.Props {
		if d.Job == "" {
			d.Job = jobOf(p.Jobs, d.Name)
		}
		add(d)
	}
	for _, j := range p.Jobs {
		name := j.Name + keyPolicy
		if d, ok := ps.decls[name]; ok {
			if len(d.Choices) == 0 {
				d.Choices = []string{PolicySkip, PolicyDLQ, PolicyFail}
			}
			if d.Job == "" {
				d.Job = j.Name
			}
		} else {
			add(Prop{Name: name, Default: PolicySkip, Job: j.Name, Choices: []string{PolicySkip, PolicyDLQ, PolicyFail},
				Help: "what to do with an error record: skip, dlq or fail"})
		}
		if _, ok := ps.decls[j.Name+keyDLQ]; !ok {
			add(Prop{Name: j.Name + keyDLQ, Job: j.Name, Help: "dead-letter file for error records when the policy is dlq"})
		}
	}
	return ps
}

// jobOf guesses the job a property belongs to when its declaration does
// not say, for error messages: "picked.x" belongs to job picked, and
// "orders.x" to the first job reading or writing orders.
func jobOf(jobs []JobDef, name string) string {
	prefix, _, ok := strings.Cut(name, ".")
	if !ok {
		return ""
	}
	for _, j := range jobs {
		if j.Name == prefix {
			return j.Name
		}
	}
	for _, j := range jobs {
		if slices.Contains(j.Sources, prefix) || slices.Contains(j.Sinks, prefix) {
			return j.Name
		}
	}
	return ""
}

// override applies Options.Overrides as if they were --set flags, in name
// order so that the outcome does not depend on map order.
func (ps *props) override(m map[string]string) error {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	args := make([]string, 0, 2*len(names))
	for _, n := range names {
		args = append(args, "--set", n+"="+m[n])
	}
	_, err := ps.set.ParseArgs(args)
	return err
}

// describe names a value and its origin, as config's own messages do.
func describe(name string, origin config.Origin) string {
	switch origin {
	case config.Flag:
		return fmt.Sprintf("property %q (from --set)", name)
	case config.Env:
		return fmt.Sprintf("property %q (from environment variable %s)", name, config.EnvName(name))
	}
	return fmt.Sprintf("property %q (compiled default)", name)
}

// validate checks every property's value against its declaration, so that
// configuration mistakes stop the program before any job reads a record.
// It returns every problem found, one *config.UsageError each, naming the
// job when the property has one.
func (ps *props) validate(jobs []JobDef) error {
	var errs []error
	fail := func(d *Prop, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if d.Job != "" {
			msg = "job " + d.Job + ": " + msg
		}
		errs = append(errs, &config.UsageError{Msg: msg})
	}
	for _, d := range ps.order {
		raw, origin, _ := ps.set.Lookup(d.Name)
		if d.Fixed && origin != config.Default {
			if origin == config.Flag {
				fail(d, "property %s is compiled in; rebuild to change it", d.Name)
				continue
			}
			// An environment variable that repeats the compiled value is
			// harmless (a deployment may set it for several programs).
			if raw != d.Default {
				fail(d, "property %s is compiled in; rebuild to change it (environment variable %s is set)", d.Name, config.EnvName(d.Name))
				continue
			}
		}
		var err error
		switch d.Kind {
		case KindInt:
			_, err = ps.set.Int(d.Name)
		case KindBool:
			_, err = ps.set.Bool(d.Name)
		case KindDuration:
			_, err = ps.set.Duration(d.Name)
		}
		if err != nil {
			fail(d, "%v", err)
			continue
		}
		v := strings.TrimSpace(raw)
		if d.Required && v == "" {
			fail(d, "%s is required but empty", describe(d.Name, origin))
			continue
		}
		if len(d.Choices) > 0 && !slices.Contains(d.Choices, v) {
			fail(d, "%s: invalid value %q (want %s)", describe(d.Name, origin), v, orList(d.Choices))
		}
	}
	for _, j := range jobs {
		if ps.policy(j.Name) == PolicyDLQ && strings.TrimSpace(ps.set.Get(j.Name+keyDLQ)) == "" {
			fail(ps.decls[j.Name+keyPolicy], "property %q is dlq but %q does not name a dead-letter file", j.Name+keyPolicy, j.Name+keyDLQ)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// orList formats choices as "a, b or c".
func orList(c []string) string {
	if len(c) == 1 {
		return c[0]
	}
	return strings.Join(c[:len(c)-1], ", ") + " or " + c[len(c)-1]
}

// writeHelp lists the overridable properties (with config's own layout)
// and then the compiled-in ones.
func (ps *props) writeHelp(w io.Writer) error {
	open := config.NewSet()
	var fixed []*Prop
	for _, d := range ps.order {
		if d.Fixed {
			fixed = append(fixed, d)
			continue
		}
		open.Define(d.Name, d.Default, d.Help)
	}
	fmt.Fprintln(w, "Properties (override with --set name=value or the environment variable shown):")
	if err := open.Help(w); err != nil {
		return err
	}
	if len(fixed) > 0 {
		sort.Slice(fixed, func(i, j int) bool { return fixed[i].Name < fixed[j].Name })
		fmt.Fprintln(w, "\nCompiled in (rebuild to change):")
		for _, d := range fixed {
			fmt.Fprintf(w, "  %s = %q\n", d.Name, d.Default)
		}
	}
	return nil
}

// policy returns a job's error policy.
func (ps *props) policy(job string) string {
	return strings.TrimSpace(ps.set.Get(job + keyPolicy))
}
