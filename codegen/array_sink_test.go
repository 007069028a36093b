package codegen_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestArrayCSVSink runs arrays and maps end to end: a job splits a string
// column into an array and writes it to a JSON Lines file, and a second
// job reads those rows in process (so the array's strings, views of the
// input buffer, must have been copied) and writes them to a CSV file as
// their JSON text (CAST AS STRING), quoted as CSV. (A CSV sink refuses an
// ARRAY or MAP column itself: compiler/sources.go.)
func TestArrayCSVSink(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	out := t.TempDir()
	sql := `CREATE STREAM src (id INTEGER, s STRING) WITH ('src.type' = 'file_source', 'src.path' = 'src.jsonl');

CREATE STREAM parts AS
SELECT id, SPLIT(s, ' ') AS words, MAP('first', COALESCE(s, '')) AS m
FROM src
WITH ('parts.type' = 'file_sink', 'parts.path' = '` + filepath.Join(out, "parts.jsonl") + `');

CREATE STREAM flat AS
SELECT id, CAST(words AS STRING) AS words, ARRAY_LENGTH(words) AS n, words[2] AS second,
    CAST(MAP_KEYS(m) AS STRING) AS keys, CAST(m AS STRING) AS m, CAST(ARRAY(COALESCE(id, 0) * 10, 1) AS STRING) AS nums
FROM parts
WITH ('flat.type' = 'file_sink', 'flat.path' = '` + filepath.Join(out, "flat.csv") + `');
`
	in := `{"id":1,"s":"a b"}` + "\n" + `{"id":2,"s":"x,\"y\" z w"}` + "\n" + `{"id":3,"s":null}` + "\n"
	runProgram(t, sql, map[string]string{"src.jsonl": in})

	wantJSON := `{"id":1,"words":["a","b"],"m":{"first":"a b"}}
{"id":2,"words":["x,\"y\"","z","w"],"m":{"first":"x,\"y\" z w"}}
{"id":3,"words":null,"m":{"first":""}}
`
	wantCSV := `id,words,n,second,keys,m,nums
1,"[""a"",""b""]",2,b,"[""first""]","{""first"":""a b""}","[10,1]"
2,"[""x,\""y\"""",""z"",""w""]",3,z,"[""first""]","{""first"":""x,\""y\"" z w""}","[20,1]"
3,,,,"[""first""]","{""first"":""""}","[30,1]"
`
	for name, want := range map[string]string{"parts.jsonl": wantJSON, "flat.csv": wantCSV} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, want)
		}
	}
}
