package sqlfn

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCompileJSONPath(t *testing.T) {
	tests := []struct {
		path  string
		steps []jsonStep
	}{
		{"$", nil},
		{" $ ", nil},
		{"$.a", []jsonStep{{kind: stepKey, key: "a"}}},
		{"a", []jsonStep{{kind: stepKey, key: "a"}}},
		{"a.b", []jsonStep{{kind: stepKey, key: "a"}, {kind: stepKey, key: "b"}}},
		{"$.user.name", []jsonStep{{kind: stepKey, key: "user"}, {kind: stepKey, key: "name"}}},
		{"$.tags[1]", []jsonStep{{kind: stepKey, key: "tags"}, {kind: stepIndex, index: 1}}},
		{"$.tags.1", []jsonStep{{kind: stepKey, key: "tags"}, {kind: stepKeyOrIndex, key: "1", index: 1}}},
		{"$.tags[-1]", []jsonStep{{kind: stepKey, key: "tags"}, {kind: stepIndex, index: -1}}},
		{"$[ 0 ][2]", []jsonStep{{kind: stepIndex, index: 0}, {kind: stepIndex, index: 2}}},
		{"[0].a", []jsonStep{{kind: stepIndex, index: 0}, {kind: stepKey, key: "a"}}},
		{`$."complex-name".x`, []jsonStep{{kind: stepKey, key: "complex-name"}, {kind: stepKey, key: "x"}}},
		{`$["a.b"]['c[d]']`, []jsonStep{{kind: stepKey, key: "a.b"}, {kind: stepKey, key: "c[d]"}}},
		{`$["say \"hi\""]`, []jsonStep{{kind: stepKey, key: `say "hi"`}}},
		{`$.a-b.c d`, []jsonStep{{kind: stepKey, key: "a-b"}, {kind: stepKey, key: "c d"}}},
		{"$.日本.😀", []jsonStep{{kind: stepKey, key: "日本"}, {kind: stepKey, key: "😀"}}},
		{"$.007", []jsonStep{{kind: stepKeyOrIndex, key: "007", index: 7}}},
		{"$.$", []jsonStep{{kind: stepKey, key: "$"}}},
	}
	for _, tt := range tests {
		p, err := CompileJSONPath(tt.path)
		if err != nil {
			t.Errorf("CompileJSONPath(%q): %v", tt.path, err)
			continue
		}
		if !reflect.DeepEqual(p.steps, tt.steps) {
			t.Errorf("CompileJSONPath(%q) = %+v, want %+v", tt.path, p.steps, tt.steps)
		}
		if p.String() != tt.path {
			t.Errorf("String() = %q", p.String())
		}
	}
	bad := map[string]string{
		"":               "empty path",
		"  ":             "empty path",
		"$.":             "empty name",
		"$..a":           "empty name",
		"$.a.":           "empty name",
		"$a":             "unexpected 'a'",
		"$.*":            "wildcards",
		"$[*]":           "wildcards",
		"$[1":            "missing ']'",
		"$[x]":           `array index "x" is not an integer`,
		"$[1.5]":         "not an integer",
		"$[-0]":          "-0",
		"$[99999999999]": "not an integer",
		`$."a`:           "unterminated",
		`$["a"`:          "missing ']'",
		`$["a" x]`:       "missing ']'",
		`$."a"b`:         "unexpected 'b'",
		"$ .a":           "unexpected ' '",
	}
	for path, want := range bad {
		_, err := CompileJSONPath(path)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "invalid JSON path ") {
			t.Errorf("CompileJSONPath(%q) error = %v, want one containing %q", path, err, want)
		}
	}
}

// The documents of conformance case 02-functions/06-json-functions.
var jsonConformanceDocs = []string{
	`{"user":{"name":"ann","age":31,"email":"ann@example.com"},"tags":["a","b"],"score":9.5,"vip":true}`,
	`{"user":{"name":"bob","age":40},"tags":["x"],"score":7,"vip":false}`,
	`{"user":{"name":"cid"},"tags":["p","q","r"]}`,
	`{"user": {"name": "broken"`,
	`{"user":{"name":"dee","age":22,"email":"d@example.com"},"tags":[],"score":-1.25}`,
}

func TestJSONConformanceCase(t *testing.T) {
	const null = "<NULL>"
	paths := []string{"$.user.name", "$.user.age", "$.tags[1]", "$.score", "$.vip", "$.user"}
	want := [][]string{
		{"ann", "31", "b", "9.5", "true", null},
		{"bob", "40", null, "7", "false", null},
		{"cid", null, "q", null, null, null},
		{null, null, null, null, null, null},
		{"dee", "22", null, "-1.25", null, null},
	}
	wantEmail := []string{"true", "false", "false", null, "true"}
	for i, doc := range jsonConformanceDocs {
		for j, path := range paths {
			v, ok := MustCompileJSONPath(path).Value(doc)
			if !ok {
				v = null
			}
			if v != want[i][j] {
				t.Errorf("doc %d: JSON_VALUE(%s) = %q, want %q", i+1, path, v, want[i][j])
			}
		}
		e, ok := MustCompileJSONPath("$.user.email").Exists(doc)
		got := null
		if ok {
			got = map[bool]string{true: "true", false: "false"}[e]
		}
		if got != wantEmail[i] {
			t.Errorf("doc %d: JSON_EXISTS($.user.email) = %s, want %s", i+1, got, wantEmail[i])
		}
	}
}

func TestJSONFunctions(t *testing.T) {
	const null = "<NULL>"
	doc := `{
		"s": "plain", "esc": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "lone": "x\ud800y",
		"n": -12.5e+3, "zero": 0, "t": true, "f": false, "nil": null,
		"o": {"k": [1, {"deep": "yes"}], "e": {}}, "a": [10, "twenty", [30], {"x": 40}, null],
		"empty": [], "日本": "語", "k\u0065y": "escaped key", "dot.key": 1, "7": "seven",
		"dup": 1, "dup": {"second": 2}
	}`
	tests := []struct {
		path                  string
		value, extract, query string
		exists                bool
	}{
		{"$", null, doc, doc, true},
		{"$.s", "plain", `"plain"`, null, true},
		{"$.esc", "a\"b\\c/d\né😀", `"a\"b\\c\/d\n\u00e9\ud83d\ude00"`, null, true},
		{"$.lone", "x\ufffdy", `"x\ud800y"`, null, true},
		{"$.n", "-12.5e+3", "-12.5e+3", null, true},
		{"$.zero", "0", "0", null, true},
		{"$.t", "true", "true", null, true},
		{"$.f", "false", "false", null, true},
		{"$.nil", null, "null", null, true},
		{"$.missing", null, null, null, false},
		{"$.o", null, `{"k": [1, {"deep": "yes"}], "e": {}}`, `{"k": [1, {"deep": "yes"}], "e": {}}`, true},
		{"$.o.k[1].deep", "yes", `"yes"`, null, true},
		{"$.o.k.1.deep", "yes", `"yes"`, null, true},
		{"o.k[0]", "1", "1", null, true},
		{"$.o.k[2]", null, null, null, false},
		{"$.o.e", null, "{}", "{}", true},
		{"$.o.e.x", null, null, null, false},
		{"$.a[0]", "10", "10", null, true},
		{"$.a[1]", "twenty", `"twenty"`, null, true},
		{"$.a[2]", null, "[30]", "[30]", true},
		{"$.a[2][0]", "30", "30", null, true},
		{"$.a[3].x", "40", "40", null, true},
		{"$.a[4]", null, "null", null, true},
		{"$.a[5]", null, null, null, false},
		{"$.a[-1]", null, "null", null, true},
		{"$.a[-2].x", "40", "40", null, true},
		{"$.a[-5]", "10", "10", null, true},
		{"$.a[-6]", null, null, null, false},
		{"$.a.x", null, null, null, false},  // a name on an array
		{"$.o[0]", null, null, null, false}, // an index on an object
		{"$.s[0]", null, null, null, false}, // an index on a string
		{"$.s.x", null, null, null, false},  // a name on a string
		{"$.empty[0]", null, null, null, false},
		{"$.empty[-1]", null, null, null, false},
		{"$.日本", "語", `"語"`, null, true},
		{"$.key", "escaped key", `"escaped key"`, null, true},
		{`$["dot.key"]`, "1", "1", null, true},
		{"$.dot.key", null, null, null, false},
		{"$.7", "seven", `"seven"`, null, true},
		{"$[7]", null, null, null, false},
		{"$.dup", null, `{"second": 2}`, `{"second": 2}`, true},
		{"$.dup.second", "2", "2", null, true},
	}
	for _, tt := range tests {
		p := MustCompileJSONPath(tt.path)
		check := func(fn, got string, ok bool, want string) {
			t.Helper()
			if !ok {
				got = null
			}
			if got != want {
				t.Errorf("%s(%s) = %q, want %q", fn, tt.path, got, want)
			}
		}
		v, ok := p.Value(doc)
		check("JSON_VALUE", v, ok, tt.value)
		v, ok = p.Extract(doc)
		check("JSON_EXTRACT", v, ok, tt.extract)
		v, ok = p.Query(doc)
		check("JSON_QUERY", v, ok, tt.query)
		if e, ok := p.Exists(doc); !ok || e != tt.exists {
			t.Errorf("JSON_EXISTS(%s) = %v, %v, want %v", tt.path, e, ok, tt.exists)
		}
	}
}

func TestJSONDuplicateMembers(t *testing.T) {
	tests := []struct{ doc, path, want string }{
		{`{"a":1,"a":2}`, "$.a", "2"},
		{`{"a":{"b":1},"a":{"c":2}}`, "$.a.b", "<NULL>"},
		{`{"a":{"b":1},"a":{"c":2}}`, "$.a.c", "2"},
		{`{"a":{"b":1},"a":5}`, "$.a.b", "<NULL>"},
		{`{"a":[{"b":1}],"x":0,"a":[{"b":2}]}`, "$.a[0].b", "2"},
		{`{"a":{"b":1,"b":3},"z":{"b":9}}`, "$.a.b", "3"},
		{`[{"a":1,"a":2},{"a":3}]`, "$[0].a", "2"},
	}
	for _, tt := range tests {
		v, ok := MustCompileJSONPath(tt.path).Value(tt.doc)
		if !ok {
			v = "<NULL>"
		}
		if v != tt.want {
			t.Errorf("JSON_VALUE(%s, %s) = %q, want %q", tt.doc, tt.path, v, tt.want)
		}
	}
}

func TestJSONMalformed(t *testing.T) {
	docs := []string{
		``, ` `, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1 "b":2}`, `{a:1}`, `{'a':1}`,
		`[1,]`, `[1 2]`, `[`, `]`, `"abc`, `"a\x"`, `"a\u12"`, `"a\u12g4"`, "\"a\tb\"", "\"a\x00\"",
		`01`, `-`, `1.`, `.5`, `1e`, `1e+`, `+1`, `0x10`, `NaN`, `Infinity`, `tru`, `nul`, `True`,
		`{"a":1}x`, `{"a":1}{}`, `1 2`, `{"user": {"name": "broken"`, "\ufeff{}",
		`{"a":[1,2}`, `{"a":{"b":1]}`, `"\`,
		strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1),
	}
	p := MustCompileJSONPath("$.a")
	root := MustCompileJSONPath("$")
	for _, doc := range docs {
		if json.Valid([]byte(doc)) {
			t.Errorf("test bug: %q is valid JSON", doc)
		}
		if JSONValid(doc) {
			t.Errorf("JSONValid(%q) = true", doc)
		}
		for _, q := range []JSONPath{p, root} {
			if _, ok := q.Value(doc); ok {
				t.Errorf("JSON_VALUE(%q, %s) is not NULL", doc, q)
			}
			if _, ok := q.Extract(doc); ok {
				t.Errorf("JSON_EXTRACT(%q, %s) is not NULL", doc, q)
			}
			if _, ok := q.Exists(doc); ok {
				t.Errorf("JSON_EXISTS(%q, %s) is not NULL", doc, q)
			}
		}
	}
	deep := strings.Repeat("[", maxJSONDepth) + "7" + strings.Repeat("]", maxJSONDepth)
	if !JSONValid(deep) || !json.Valid([]byte(deep)) {
		t.Error("nesting at the limit should be valid")
	}
	if v, ok := MustCompileJSONPath("$" + strings.Repeat("[0]", maxJSONDepth)).Value(deep); !ok || v != "7" {
		t.Errorf("deepest value = %q, %v", v, ok)
	}
}

func TestJSONValid(t *testing.T) {
	docs := []string{
		`0`, `-0`, `1.5e-3`, `1E+2`, `-0.0e0`, `"x"`, `true`, `false`, `null`, `[]`, `{}`,
		" \t\r\n{ \"a\" : [ 1 , 2 ] } \n", `"\u00e9\ud800"`, "\"\xff\"", `{"":""}`, `[[[]]]`,
	}
	for _, doc := range docs {
		if !JSONValid(doc) || !json.Valid([]byte(doc)) {
			t.Errorf("JSONValid(%q) = %v, encoding/json %v", doc, JSONValid(doc), json.Valid([]byte(doc)))
		}
	}
}

func TestJSONInvalidUTF8(t *testing.T) {
	doc := "{\"k\xff\": \"v\xffw\", \"é\": \"\xe6\x97\"}"
	if v, ok := MustCompileJSONPath("$.k\ufffd").Value(doc); !ok || v != "v\ufffdw" {
		t.Errorf("invalid UTF-8: %q, %v", v, ok)
	}
	if v, ok := MustCompileJSONPath("$.é").Value(doc); !ok || v != "\ufffd\ufffd" {
		t.Errorf("truncated character: %q, %v", v, ok)
	}
}

func TestJSONAllocations(t *testing.T) {
	doc := jsonConformanceDocs[0]
	name := MustCompileJSONPath("$.user.name")
	tag := MustCompileJSONPath("$.tags[-1]")
	esc := MustCompileJSONPath("$.e")
	escDoc := `{"e":"a\nb"}`
	for fn, f := range map[string]func(){
		"Value":          func() { _, _ = name.Value(doc) },
		"Extract":        func() { _, _ = name.Extract(doc) },
		"Exists":         func() { _, _ = name.Exists(doc) },
		"Query":          func() { _, _ = tag.Query(doc) },
		"negative index": func() { _, _ = tag.Value(doc) },
	} {
		if allocs := testing.AllocsPerRun(100, f); allocs != 0 {
			t.Errorf("%s allocates %v times", fn, allocs)
		}
	}
	key := MustCompileJSONPath("$.key")
	if allocs := testing.AllocsPerRun(100, func() { _, _ = key.Value(`{"k\u0065y":1}`) }); allocs != 0 {
		t.Errorf("escaped member name allocates %v times", allocs)
	}
	if allocs := testing.AllocsPerRun(100, func() { _, _ = esc.Value(escDoc) }); allocs != 1 {
		t.Errorf("escaped string value allocates %v times, want 1", allocs)
	}
}

func TestJSONPathCache(t *testing.T) {
	var c JSONPathCache
	p, err := c.Get("$.user.name")
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := p.Value(jsonConformanceDocs[0]); !ok || v != "ann" {
		t.Errorf("Value = %q, %v", v, ok)
	}
	if _, err := c.Get("$["); err == nil {
		t.Error("invalid path: no error")
	}
	if allocs := testing.AllocsPerRun(100, func() { _, _ = c.Get("$.user.name") }); allocs != 0 {
		t.Errorf("cache hit allocates %v times", allocs)
	}
}

// jsonRefEval evaluates path on doc with encoding/json, for comparison.
func jsonRefEval(doc string, p JSONPath) (v any, found, valid bool) {
	d := json.NewDecoder(strings.NewReader(doc))
	d.UseNumber()
	if err := d.Decode(&v); err != nil || !json.Valid([]byte(doc)) {
		return nil, false, false
	}
	for _, st := range p.steps {
		switch x := v.(type) {
		case map[string]any:
			if st.kind == stepIndex {
				return nil, false, true
			}
			if v, found = x[st.key]; !found {
				return nil, false, true
			}
		case []any:
			if st.kind == stepKey {
				return nil, false, true
			}
			i := st.index
			if i < 0 {
				i += len(x)
			}
			if i < 0 || i >= len(x) {
				return nil, false, true
			}
			v = x[i]
		default:
			return nil, false, true
		}
	}
	return v, true, true
}

func jsonRefDecode(t *testing.T, text string) any {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("extracted text %q is not JSON: %v", text, err)
	}
	return v
}

func FuzzJSONPath(f *testing.F) {
	for _, doc := range jsonConformanceDocs {
		f.Add(doc, "$.user.name")
		f.Add(doc, "$.tags[-1]")
	}
	f.Add(`{"a":[1,{"b":"\u00e9\n"}],"a":{"0":true}}`, "a.0")
	f.Add(`[[1,2],[3,{"x":null}]]`, "$[1][-1].x")
	f.Add(`{"k\u0065y":"v\ud800"}`, `$["key"]`)
	f.Add("{\"\xff\":\"\xe6\"}", "$.\ufffd")
	f.Add(`  -0.5e-7 `, "$")
	f.Fuzz(func(t *testing.T, doc, path string) {
		p, err := CompileJSONPath(path)
		if err != nil {
			return
		}
		value, vok := p.Value(doc)
		extract, eok := p.Extract(doc)
		query, qok := p.Query(doc)
		exists, xok := p.Exists(doc)

		want, found, valid := jsonRefEval(doc, p)
		if JSONValid(doc) != valid {
			t.Fatalf("JSONValid(%q) = %v, encoding/json %v", doc, !valid, valid)
		}
		if !valid {
			if vok || eok || qok || xok {
				t.Fatalf("malformed %q: results not NULL", doc)
			}
			return
		}
		if !xok || exists != found {
			t.Fatalf("Exists(%q, %q) = %v, %v, want %v", doc, path, exists, xok, found)
		}
		if eok != found {
			t.Fatalf("Extract(%q, %q) ok = %v, want %v", doc, path, eok, found)
		}
		if !found {
			if vok || qok {
				t.Fatalf("missing path %q in %q: Value/Query not NULL", path, doc)
			}
			return
		}
		if got := jsonRefDecode(t, extract); !reflect.DeepEqual(got, want) {
			t.Fatalf("Extract(%q, %q) = %q, decodes to %#v, want %#v", doc, path, extract, got, want)
		}
		if !strings.Contains(doc, extract) {
			t.Fatalf("Extract(%q, %q) = %q is not a part of the document", doc, path, extract)
		}
		var wantValue string
		wantOK := true
		switch w := want.(type) {
		case string:
			wantValue = w
		case json.Number:
			wantValue = string(w)
		case bool:
			wantValue = map[bool]string{true: "true", false: "false"}[w]
		default:
			wantOK = false
		}
		if vok != wantOK || value != wantValue {
			t.Fatalf("Value(%q, %q) = %q, %v, want %q, %v", doc, path, value, vok, wantValue, wantOK)
		}
		if vok && !utf8.ValidString(value) {
			t.Fatalf("Value(%q, %q) = %q is not UTF-8", doc, path, value)
		}
		_, isObj := want.(map[string]any)
		_, isArr := want.([]any)
		if qok != (isObj || isArr) || qok && query != extract {
			t.Fatalf("Query(%q, %q) = %q, %v", doc, path, query, qok)
		}
		if strings.ContainsAny(extract[:1], " \t\r\n") {
			t.Fatalf("Extract(%q, %q) = %q starts with white space", doc, path, extract)
		}
	})
}

// jsonBenchDoc is a 200-byte object such as a JSON payload column holds.
const jsonBenchDoc = `{"id":"evt-000123","type":"purchase","user":{"id":4711,"name":"Ann Lee","email":"ann@example.com","vip":true},"items":[{"sku":"A-1","qty":2},{"sku":"B-7","qty":1}],"amount":129.95,"currency":"EUR"}`

func BenchmarkJSONValue(b *testing.B) {
	for _, bc := range []struct{ name, path string }{
		{"top-first", "$.id"},
		{"nested", "$.user.email"},
		{"array", "$.items[1].sku"},
		{"last", "$.currency"},
		{"missing", "$.user.phone"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			p := MustCompileJSONPath(bc.path)
			b.SetBytes(int64(len(jsonBenchDoc)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = p.Value(jsonBenchDoc)
			}
		})
	}
	b.Run("encoding-json-reference", func(b *testing.B) {
		b.SetBytes(int64(len(jsonBenchDoc)))
		b.ReportAllocs()
		for b.Loop() {
			var v map[string]any
			_ = json.Unmarshal([]byte(jsonBenchDoc), &v)
			_ = v["user"].(map[string]any)["email"].(string)
		}
	})
}
