package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/velocsql/veloc/compiler/plan"
)

const explainHelp = `
Explain prints each job's typed plan before and after optimisation: its
source with schema and where the schema came from, pruned columns (marked -),
filters pushed into the decoder, the remaining filter, the typed output
columns, and the sink. --format json prints the same as JSON for tools.
`

func runExplain(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	format := fs.String("format", "text", "text or json")
	files, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(stderr, fs, cmd, "want exactly one SQL file")
	}
	if *format != "text" && *format != "json" {
		return usageError(stderr, fs, cmd, fmt.Sprintf("--format must be text or json, not %q", *format))
	}
	before, ok := compile(cmd, files[0], stderr, false)
	if !ok {
		return exitError
	}
	after, ok := compile(cmd, files[0], stderr, true)
	if !ok {
		return exitError
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // plans print > and <; tools read them as they are
		if err := enc.Encode(map[string]any{"before": plan.ExplainJSON(before), "after": plan.ExplainJSON(after)}); err != nil {
			fmt.Fprintf(stderr, "veloc explain: %v\n", err)
			return exitError
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "== before optimisation\n\n%s\n== after optimisation\n\n%s", plan.Explain(before), plan.Explain(after))
	return exitOK
}
