package dynamic

import (
	"bytes"
	"strings"
	"testing"
)

// benchQuery is the stateless benchmark's query:
//
//	SELECT symbol, price * quantity AS notional, UPPER(side) AS side
//	FROM trades WHERE price > 100 AND quantity >= 10
func benchQuery() *Query {
	return &Query{
		Where: And{Cmp{Gt, Col{"price"}, Lit{int64(100)}}, Cmp{Ge, Col{"quantity"}, Lit{int64(10)}}},
		Select: []Named{
			{"symbol", Col{"symbol"}},
			{"notional", Arith{Mul, Col{"price"}, Col{"quantity"}}},
			{"side", Upper(Col{"side"})},
		},
	}
}

func TestRunJSONL(t *testing.T) {
	in := strings.Join([]string{
		`{"symbol":"AAPL","price":150.5,"quantity":10,"side":"buy","venue":"X"}`,
		`{"symbol":"MSFT","price":99.5,"quantity":100,"side":"sell"}`, // price too low
		`{"symbol":"IBM","price":101,"quantity":9,"side":"buy"}`,      // quantity too low
		`{"symbol":null,"price":200,"quantity":20,"side":null}`,       // NULLs pass through
		`{"price":200,"quantity":1000000,"side":"Sell"}`,              // absent symbol is NULL; 2e8
		`{"symbol":"NULLP","price":null,"quantity":20,"side":"buy"}`,  // NULL price: filtered
		`{"symbol":"q\"\\\n\u00e9","price":100.25,"quantity":12,"side":""}`,
		``,         // blank: not a record
		`not json`, // bad
		`[1,2]`,    // bad: not an object
		`null`,     // bad: not an object
		`{"symbol":"S","price":"x","quantity":20}`, // bad: string > number
		`{"symbol":"LAST","price":1e3,"quantity":10,"side":"b"}`,
	}, "\n")
	var out bytes.Buffer
	st, err := RunJSONL(strings.NewReader(in), &out, benchQuery())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"symbol":"AAPL","notional":1505,"side":"BUY"}
{"symbol":null,"notional":4000,"side":null}
{"symbol":null,"notional":2e+08,"side":"SELL"}
{"symbol":"q\"\\\né","notional":1203,"side":""}
{"symbol":"LAST","notional":10000,"side":"B"}
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if (st != Stats{In: 12, Out: 5, Bad: 4}) {
		t.Errorf("stats %+v", st)
	}
}

func TestRunCSV(t *testing.T) {
	schema := []Column{
		{"symbol", String}, {"price", Float}, {"quantity", Integer}, {"side", String}, {"urgent", Boolean},
	}
	in := `Symbol,side,price,quantity,extra,urgent
AAPL,buy,150.5,10,x,true
MSFT,sell,99.5,100,x,false
,buy,200,20,,
"A,B","se""ll",101,11,x,1
NULLP,buy,,20,x,
BADQ,buy,120,1.5,x,
SHORT,buy,120
LAST,b,1e3,10,x,
`
	var out bytes.Buffer
	st, err := RunCSV(strings.NewReader(in), &out, benchQuery(), schema)
	if err != nil {
		t.Fatal(err)
	}
	want := `symbol,notional,side
AAPL,1505,BUY
,4000,BUY
"A,B",1111,"SE""LL"
LAST,10000,B
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if (st != Stats{In: 8, Out: 4, Bad: 2}) {
		t.Errorf("stats %+v", st)
	}
}

func TestRunCSVMissingColumn(t *testing.T) {
	_, err := RunCSV(strings.NewReader("a,b\n1,2\n"), &bytes.Buffer{}, benchQuery(), []Column{{"price", Float}})
	if err == nil || !strings.Contains(err.Error(), "no column price") {
		t.Fatalf("err = %v", err)
	}
}

func TestAppendJSONString(t *testing.T) {
	for in, want := range map[string]string{
		"plain":      `"plain"`,
		"q\"b\\":     `"q\"b\\"`,
		"\t\r\n\x01": `"\t\r\n\u0001"`,
		"é€😀":        `"é€😀"`,
		"a\xffb":     `"a\ufffdb"`,
		"":           `""`,
	} {
		if got := string(appendJSONString(nil, in)); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", in, got, want)
		}
	}
}
