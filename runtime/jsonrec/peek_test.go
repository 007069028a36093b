package jsonrec

import "testing"

func TestPeek(t *testing.T) {
	var o Object
	o.Reset([]byte(`{"s": "x", "n": -1.5, "a": [1], "b": true, "z": null}`))
	want := map[string]byte{"s": '"', "n": '-', "a": '[', "b": 't', "z": 'n'}
	for o.Next() {
		k := string(o.Key())
		if got := o.Peek(); got != want[k] {
			t.Errorf("Peek at %s = %q, want %q", k, got, want[k])
		}
		if o.Peek() != want[k] {
			t.Errorf("Peek consumed the value of %s", k)
		}
		o.Skip()
	}
	if err := o.Err(); err != nil {
		t.Fatal(err)
	}
	if o.Peek() != 0 {
		t.Error("Peek after the end should be 0")
	}
}

// Strings with escapes stay valid until the next Reset: a decoder keeps
// views of several of them while it processes one record.
func TestStringsValidUntilReset(t *testing.T) {
	var o Object
	o.Reset([]byte(`{"a": "x\"1", "b": "y\ty", "c": "plain"}`))
	var got [][]byte
	for o.Next() {
		s, ok := o.String()
		if !ok {
			t.Fatal("not a string")
		}
		got = append(got, s)
	}
	want := []string{"x\"1", "y\ty", "plain"}
	for i, w := range want {
		if string(got[i]) != w {
			t.Errorf("string %d = %q, want %q", i, got[i], w)
		}
	}
}
