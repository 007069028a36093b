package schema

import (
	"fmt"

	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// PosError is an error at a position in the SQL file; the compiler turns
// it into a diag.Error with the file name and source line.
type PosError struct {
	Pos ast.Pos
	Msg string
}

func (e *PosError) Error() string { return e.Pos.String() + ": " + e.Msg }

// FromDeclaration returns the schema of a source declaration
// (`CREATE STREAM s (col type [NOT NULL], ...)`). Every column is
// nullable unless declared NOT NULL; a PRIMARY KEY column is NOT NULL.
func FromDeclaration(d *ast.CreateSource) (*Schema, []error) {
	s := &Schema{Source: d.Name.Name, Origin: Origin{Kind: Declared, Pos: d.Pos}}
	var errs []error
	for _, c := range d.Columns {
		t, err := types.FromName(c.Type.Name, c.Type.Params)
		if err != nil {
			errs = append(errs, &PosError{c.Type.Pos, err.Error()})
			continue
		}
		if t.Kind == types.Array || t.Kind == types.Map {
			errs = append(errs, &PosError{c.Type.Pos, fmt.Sprintf("column %s: %s columns cannot be declared on a source", c.Name.Name, t.Kind)})
			continue
		}
		if _, dup := s.Lookup(c.Name.Name, c.Name.Quoted); dup {
			errs = append(errs, &PosError{c.Name.Pos, "column " + c.Name.Name + " is declared twice"})
			continue
		}
		s.Columns = append(s.Columns, Column{Name: c.Name.Name, Type: t, Nullable: !c.NotNull, Pos: c.Name.Pos})
	}
	if d.PrimaryKey != nil {
		for _, k := range d.PrimaryKey.Columns {
			i, ok := s.Lookup(k.Name, k.Quoted)
			if !ok {
				errs = append(errs, &PosError{k.Pos, "PRIMARY KEY column " + k.Name + " is not a column of " + s.Source})
				continue
			}
			s.Columns[i].Nullable = false
		}
	}
	return s, errs
}
