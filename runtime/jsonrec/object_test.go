package jsonrec

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

type member struct {
	key, kind, val string
}

// walk iterates line, reading each value with the accessor its first byte
// suggests, and returns what it saw as strings.
func walk(o *Object, line []byte) ([]member, error) {
	o.Reset(line)
	var out []member
	for o.Next() {
		m := member{key: string(o.Key())}
		switch {
		case o.IsNull():
			m.kind = "null"
			o.Skip()
		default:
			if n, ok := o.Int64(); ok {
				m.kind, m.val = "int", formatInt(n)
			} else if f, ok := o.Float64(); ok {
				m.kind, m.val = "float", string(AppendFloat(nil, f))
			} else if s, ok := o.String(); ok {
				m.kind, m.val = "string", string(s)
			} else if b, ok := o.Bool(); ok {
				m.kind, m.val = "bool", map[bool]string{true: "true", false: "false"}[b]
			} else if r := o.Raw(); r != nil {
				m.kind, m.val = "raw", string(r)
			}
		}
		out = append(out, m)
	}
	return out, o.Err()
}

func formatInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestObject(t *testing.T) {
	tests := []struct {
		in   string
		want []member
		err  string
	}{
		{in: `{}`},
		{in: ` { } ` + "\r\n"},
		{in: `{"id":42,"name":"x","price":1.5,"flag":true,"none":null,"arr":[1,{"a":[]}],"obj":{"k":"v"}}`,
			want: []member{{"id", "int", "42"}, {"name", "string", "x"}, {"price", "float", "1.5"},
				{"flag", "bool", "true"}, {"none", "null", ""}, {"arr", "raw", `[1,{"a":[]}]`}, {"obj", "raw", `{"k":"v"}`}}},
		{in: "{ \"a\" :\t-7 ,\n\"b\" : false }", want: []member{{"a", "int", "-7"}, {"b", "bool", "false"}}},
		{in: `{"big":9223372036854775807,"over":9223372036854775808,"neg":-0,"exp":1e3,"frac":-0.25}`,
			want: []member{{"big", "int", "9223372036854775807"}, {"over", "float", "9223372036854776000"},
				{"neg", "int", "0"}, {"exp", "float", "1000"}, {"frac", "float", "-0.25"}}},
		{in: `{"s":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"}`, want: []member{{"s", "string", "a\"b\\c/d\b\f\n\r\t\u00e9\U0001F600"}}},
		{in: `{"lone":"\ud800x","low":"\udc00","pair-bad":"\ud800\u0041"}`,
			want: []member{{"lone", "string", "\ufffdx"}, {"low", "string", "\ufffd"}, {"pair-bad", "string", "\ufffdA"}}},
		{in: "{\"bad-utf8\":\"a\xffb\",\"ok\":\"é\"}", want: []member{{"bad-utf8", "string", "a\ufffdb"}, {"ok", "string", "é"}}},
		{in: `{"k\u0041y":1,"dup":1,"dup":2}`, want: []member{{"kAy", "int", "1"}, {"dup", "int", "1"}, {"dup", "int", "2"}}},
		{in: `{"huge":1e400}`, want: []member{{"huge", "raw", "1e400"}}},
		{in: ``, err: "jsonrec: not a JSON object at offset 0"},
		{in: `[1]`, err: "not a JSON object at offset 0"},
		{in: `"x"`, err: "not a JSON object"},
		{in: `{`, err: "unexpected end of object at offset 1"},
		{in: `{"a"`, err: "expected ':' after key \"a\" at offset 4"},
		{in: `{"a":`, err: "unexpected end of object at offset 5"},
		{in: `{"a":1`, want: []member{{"a", "int", "1"}}, err: "unexpected end of object at offset 6"},
		{in: `{"a":1,}`, want: []member{{"a", "int", "1"}}, err: "expected a string key at offset 7"},
		{in: `{"a":1 "b":2}`, want: []member{{"a", "int", "1"}}, err: "expected ',' or '}' after value for key \"a\" at offset 7"},
		{in: `{a:1}`, err: "expected a string key at offset 1"},
		{in: `{"a":tru}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\" at offset 5"},
		{in: `{"a":01}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":1.}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":+1}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":[1,]}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":{"b" 1}}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":[}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":"x` + "\n" + `"}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":"\x"}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":"\u12"}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a\q":1}`, err: "invalid key at offset 1"},
		{in: `{"a":1}x`, want: []member{{"a", "int", "1"}}, err: "unexpected data after the object at offset 7"},
		{in: `{"a":1}{}`, want: []member{{"a", "int", "1"}}, err: "unexpected data after the object"},
		{in: `{"a":truex}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: `{"a":1x}`, want: []member{{"a", "", ""}}, err: "invalid value for key \"a\""},
		{in: strings.Repeat(`{"a":`, 3) + "1" + strings.Repeat("}", 3), want: []member{{"a", "raw", `{"a":{"a":1}}`}}},
	}
	var o Object
	for _, tt := range tests {
		got, err := walk(&o, []byte(tt.in))
		if !equalMembers(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.in, got, tt.want)
		}
		if (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.in, err, tt.err)
		}
		isObject := json.Valid([]byte(tt.in)) && strings.HasPrefix(strings.TrimSpace(tt.in), "{")
		if (err == nil) != isObject {
			t.Errorf("%s: error %v but json.Valid says %v", tt.in, err, json.Valid([]byte(tt.in)))
		}
	}
}

func equalMembers(a, b []member) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAccessorsDoNotConvert(t *testing.T) {
	var o Object
	o.Reset([]byte(`{"n":"12","f":1.5,"s":3,"b":"true","z":null}`))
	for o.Next() {
		switch string(o.Key()) {
		case "n":
			if _, ok := o.Int64(); ok {
				t.Error("Int64 accepted a string")
			}
			if _, ok := o.Float64(); ok {
				t.Error("Float64 accepted a string")
			}
		case "f":
			if _, ok := o.Int64(); ok {
				t.Error("Int64 accepted a fraction")
			}
			if f, ok := o.Float64(); !ok || f != 1.5 {
				t.Error("Float64 after a failed Int64")
			}
			if _, ok := o.Float64(); ok {
				t.Error("a value was consumed twice")
			}
		case "s":
			if _, ok := o.String(); ok {
				t.Error("String accepted a number")
			}
		case "b":
			if _, ok := o.Bool(); ok {
				t.Error("Bool accepted a string")
			}
			if s, ok := o.StringValue(); !ok || s != "true" {
				t.Error("StringValue")
			}
		case "z":
			if !o.IsNull() {
				t.Error("IsNull")
			}
			for _, ok := range []bool{o.IsNull() && false, okI(o.Int64()), okF(o.Float64()), okS(o.String()), okB(o.Bool())} {
				if ok {
					t.Error("an accessor accepted null")
				}
			}
			if r := o.Raw(); string(r) != "null" {
				t.Errorf("Raw(null) = %q", r)
			}
		}
	}
	if o.Err() != nil {
		t.Fatal(o.Err())
	}
}

func okI(_ int64, ok bool) bool   { return ok }
func okF(_ float64, ok bool) bool { return ok }
func okS(_ []byte, ok bool) bool  { return ok }
func okB(_ bool, ok bool) bool    { return ok }

func TestSyntaxErrorType(t *testing.T) {
	var o Object
	o.Reset([]byte(`{"a":[1,2}`))
	for o.Next() {
	}
	var se *SyntaxError
	if !errors.As(o.Err(), &se) || se.Offset != 5 {
		t.Fatalf("got %#v", o.Err())
	}
}

func TestDeepNesting(t *testing.T) {
	var o Object
	for _, n := range []int{maxDepth - 2, maxDepth - 1, maxDepth, maxDepth + 1} {
		line := []byte(`{"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`)
		o.Reset(line)
		for o.Next() {
		}
		if (o.Err() == nil) != json.Valid(line) {
			t.Errorf("%d nested arrays: err %v, json.Valid %v", n, o.Err(), json.Valid(line))
		}
	}
}

// FuzzObject checks, for any input, that Object never panics; that it
// iterates a whole object without error exactly when json.Valid accepts the
// input as an object; and that keys, strings and numbers decode as
// encoding/json decodes them.
func FuzzObject(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"id":1,"name":"a\u00e9\ud83d\ude00","p":1.5e3,"f":true,"n":null,"x":[1,{"y":"z"}]}`,
		`{"a":"\ud800"}`, "{\"\xff\":\"\xfe\"}", `{"a":01}`, `{"a":1}x`, ` {"k":-0.0e-0} `, `{"a":[[[]]],"b":{}}`,
		`{"dup":1,"dup":"2"}`,
	} {
		f.Add([]byte(s))
	}
	var o Object
	f.Fuzz(func(t *testing.T, in []byte) {
		// Pass 1: skip everything.
		o.Reset(in)
		for o.Next() {
			o.Skip()
		}
		err := o.Err()
		trimmed := bytes.TrimLeft(in, " \t\r\n")
		isObject := json.Valid(in) && len(trimmed) > 0 && trimmed[0] == '{'
		if (err == nil) != isObject {
			t.Fatalf("%q: error %v, but json.Valid object = %v", in, err, isObject)
		}
		// Pass 2: decode every member as its type and compare with
		// encoding/json.
		got, err2 := walk(&o, in)
		if (err2 == nil) != isObject {
			t.Fatalf("%q: decoding error %v, but json.Valid object = %v", in, err2, isObject)
		}
		if !isObject {
			return
		}
		var ref map[string]json.RawMessage
		if err := json.Unmarshal(in, &ref); err != nil {
			t.Fatalf("%q: encoding/json: %v", in, err)
		}
		last := map[string]member{}
		for _, m := range got {
			last[m.key] = m
		}
		if len(last) != len(ref) {
			t.Fatalf("%q: keys %q, encoding/json has %d", in, got, len(ref))
		}
		for k, raw := range ref {
			m, ok := last[k]
			if !ok {
				t.Fatalf("%q: key %q missing", in, k)
			}
			switch m.kind {
			case "string":
				var s string
				if err := json.Unmarshal(raw, &s); err != nil || s != m.val {
					t.Fatalf("%q: key %q string %q, encoding/json %q %v", in, k, m.val, s, err)
				}
			case "int":
				var n int64
				if err := json.Unmarshal(raw, &n); err != nil || formatInt(n) != m.val {
					t.Fatalf("%q: key %q int %s, encoding/json %d %v", in, k, m.val, n, err)
				}
			case "float":
				var x float64
				if err := json.Unmarshal(raw, &x); err != nil || string(AppendFloat(nil, x)) != m.val {
					t.Fatalf("%q: key %q float %s, encoding/json %v %v", in, k, m.val, x, err)
				}
			case "raw":
				if string(bytes.TrimSpace(raw)) != m.val {
					t.Fatalf("%q: key %q raw %q, encoding/json %q", in, k, m.val, raw)
				}
			}
		}
	})
}

func TestZeroAllocsObject(t *testing.T) {
	line := []byte(`{"id":12345,"name":"widget \"deluxe\" \u00e9","price":19.99,"tags":["a","b",{"c":null}],"ok":true,"note":"skip me"}`)
	var o Object
	var id int64
	var price float64
	var name []byte
	run := func() {
		o.Reset(line)
		for o.Next() {
			switch string(o.Key()) {
			case "id":
				id, _ = o.Int64()
			case "name":
				name, _ = o.String()
			case "price":
				price, _ = o.Float64()
			default:
				o.Skip()
			}
		}
		if o.Err() != nil {
			t.Fatal(o.Err())
		}
	}
	run()
	if n := testing.AllocsPerRun(1000, run); n != 0 {
		t.Fatalf("%v allocations per object, want 0", n)
	}
	if id != 12345 || price != 19.99 || string(name) != "widget \"deluxe\" é" {
		t.Fatalf("decoded %d %v %q", id, price, name)
	}
}
