package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/velocsql/veloc/compiler/schema"
)

const inferHelp = `
Infer prints the schema veloc infers from a CSV or JSON Lines sample (the
header and the first 1000 rows, or the first 1000 objects) as a source
declaration to paste into your SQL and edit: each column gets the narrowest
of BOOLEAN, INTEGER, FLOAT and STRING that fits every sampled value, and NOT
NULL when the sample had no empty value (a declaration is a promise; check
it). The format follows the extension (.jsonl, .json: JSON Lines).
`

func runInfer(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	format := fs.String("format", "", "csv or jsonl (default: by extension)")
	delim := fs.String("delimiter", ",", "CSV field delimiter")
	noHeader := fs.Bool("no-header", false, "the CSV file has no header line")
	files, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(stderr, fs, cmd, "want exactly one data file")
	}
	if len([]rune(*delim)) != 1 {
		return usageError(stderr, fs, cmd, "--delimiter must be one character")
	}
	path := files[0]
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "veloc infer: %v\n", err)
		return exitError
	}
	defer f.Close()
	base := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(base))
	name := sourceName(strings.TrimSuffix(base, filepath.Ext(base)))
	if *format == "" {
		*format = "csv"
		if ext == ".jsonl" || ext == ".json" || ext == ".ndjson" {
			*format = "jsonl"
		}
	}
	var s *schema.Schema
	switch *format {
	case "csv":
		s, err = schema.InferCSV(name, path, f, schema.CSVOptions{Delimiter: []rune(*delim)[0], HasHeader: !*noHeader})
	case "jsonl", "json":
		s, err = schema.InferJSONL(name, path, f)
	default:
		return usageError(stderr, fs, cmd, fmt.Sprintf("--format must be csv or jsonl, not %q", *format))
	}
	if err != nil {
		fmt.Fprintf(stderr, "veloc infer: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "%s WITH (\n    '%s.type' = 'file_source',\n    '%s.path' = '%s'", s, name, name, path)
	if *format == "csv" && *delim != "," {
		fmt.Fprintf(stdout, ",\n    '%s.delimiter' = '%s'", name, *delim)
	}
	if *noHeader {
		fmt.Fprintf(stdout, ",\n    '%s.has_headers' = 'false'", name)
	}
	fmt.Fprint(stdout, "\n);\n")
	return exitOK
}

// sourceName makes an identifier from a file name: orders-2024 → orders_2024.
func sourceName(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', r >= '0' && r <= '9' && i > 0:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
