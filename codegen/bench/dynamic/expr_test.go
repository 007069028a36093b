package dynamic

import (
	"errors"
	"math"
	"testing"
)

func TestEval(t *testing.T) {
	row := Row{
		"i": int64(7), "neg": int64(-3), "f": 2.5, "s": "buy", "t": true, "fa": false,
		"null": nil, "max": int64(math.MaxInt64), "min": int64(math.MinInt64),
	}
	c := func(n string) Expr { return Col{n} }
	l := func(v any) Expr { return Lit{v} }
	null, tru, fal := l(nil), l(true), l(false)
	tests := []struct {
		name string
		e    Expr
		want any
		err  error // nil: no error; errAny: any error
	}{
		{"column", c("i"), int64(7), nil},
		{"absent column is NULL", c("nope"), nil, nil},
		{"literal", l("x"), "x", nil},

		{"int + int", Arith{Add, c("i"), l(int64(5))}, int64(12), nil},
		{"int - int", Arith{Sub, c("i"), c("neg")}, int64(10), nil},
		{"int * int", Arith{Mul, c("i"), c("neg")}, int64(-21), nil},
		{"int / int truncates toward zero", Arith{Div, c("neg"), l(int64(2))}, int64(-1), nil},
		{"int % int takes the dividend's sign", Arith{Mod, c("neg"), l(int64(2))}, int64(-1), nil},
		{"int * float", Arith{Mul, c("i"), c("f")}, 17.5, nil},
		{"float / int", Arith{Div, c("f"), l(int64(2))}, 1.25, nil},
		{"float % float", Arith{Mod, l(7.5), c("f")}, 0.0, nil},
		{"NULL + int", Arith{Add, null, c("i")}, nil, nil},
		{"int * NULL column", Arith{Mul, c("i"), c("null")}, nil, nil},
		{"int / 0", Arith{Div, c("i"), l(int64(0))}, nil, errDivZero},
		{"int % 0", Arith{Mod, c("i"), l(int64(0))}, nil, errDivZero},
		{"float / 0", Arith{Div, c("f"), l(0.0)}, nil, errDivZero},
		{"NULL / 0 is NULL", Arith{Div, null, l(int64(0))}, nil, nil},
		{"overflow +", Arith{Add, c("max"), l(int64(1))}, nil, errOverflow},
		{"overflow -", Arith{Sub, c("min"), l(int64(1))}, nil, errOverflow},
		{"overflow *", Arith{Mul, c("max"), l(int64(2))}, nil, errOverflow},
		{"overflow min * -1", Arith{Mul, c("min"), l(int64(-1))}, nil, errOverflow},
		{"overflow min / -1", Arith{Div, c("min"), l(int64(-1))}, nil, errOverflow},
		{"min % -1", Arith{Mod, c("min"), l(int64(-1))}, int64(0), nil},
		{"no overflow at the edge", Arith{Sub, c("max"), l(int64(-0))}, int64(math.MaxInt64), nil},
		{"string + int", Arith{Add, c("s"), l(int64(1))}, nil, errAny},

		{"int = int", Cmp{Eq, c("i"), l(int64(7))}, true, nil},
		{"int <> int", Cmp{Ne, c("i"), l(int64(7))}, false, nil},
		{"int < float", Cmp{Lt, c("i"), l(7.5)}, true, nil},
		{"float >= int", Cmp{Ge, c("f"), l(int64(3))}, false, nil},
		{"float > int", Cmp{Gt, c("f"), l(int64(2))}, true, nil},
		{"int <= int", Cmp{Le, c("neg"), l(int64(-3))}, true, nil},
		{"string = string", Cmp{Eq, c("s"), l("buy")}, true, nil},
		{"string < string by bytes", Cmp{Lt, l("B"), l("a")}, true, nil},
		{"bool = bool", Cmp{Eq, c("t"), tru}, true, nil},
		{"NaN <> NaN", Cmp{Ne, l(math.NaN()), l(math.NaN())}, true, nil},
		{"NaN = NaN", Cmp{Eq, l(math.NaN()), l(math.NaN())}, false, nil},
		{"NULL = NULL is NULL", Cmp{Eq, null, null}, nil, nil},
		{"int > NULL is NULL", Cmp{Gt, c("i"), c("null")}, nil, nil},
		{"string = int is an error", Cmp{Eq, c("s"), l(int64(1))}, nil, errAny},

		{"TRUE AND TRUE", And{tru, tru}, true, nil},
		{"TRUE AND FALSE", And{tru, fal}, false, nil},
		{"NULL AND FALSE", And{null, fal}, false, nil},
		{"FALSE AND NULL", And{fal, null}, false, nil},
		{"NULL AND TRUE", And{null, tru}, nil, nil},
		{"TRUE AND NULL", And{tru, null}, nil, nil},
		{"NULL AND NULL", And{null, null}, nil, nil},
		{"FALSE AND error short-circuits", And{fal, Arith{Div, c("i"), l(int64(0))}}, false, nil},
		{"AND of a string", And{c("s"), tru}, nil, errAny},

		{"FALSE OR FALSE", Or{fal, fal}, false, nil},
		{"FALSE OR TRUE", Or{fal, tru}, true, nil},
		{"NULL OR TRUE", Or{null, tru}, true, nil},
		{"TRUE OR NULL", Or{tru, null}, true, nil},
		{"NULL OR FALSE", Or{null, fal}, nil, nil},
		{"FALSE OR NULL", Or{fal, null}, nil, nil},
		{"TRUE OR error short-circuits", Or{tru, Arith{Div, c("i"), l(int64(0))}}, true, nil},

		{"NOT TRUE", Not{tru}, false, nil},
		{"NOT FALSE", Not{fal}, true, nil},
		{"NOT NULL", Not{null}, nil, nil},
		{"NOT of an int", Not{c("i")}, nil, errAny},

		{"IS NULL of NULL", IsNull{X: c("null")}, true, nil},
		{"IS NULL of a value", IsNull{X: c("i")}, false, nil},
		{"IS NOT NULL of NULL", IsNull{X: null, Negate: true}, false, nil},
		{"IS NULL of NULL arithmetic", IsNull{X: Arith{Add, null, c("i")}}, true, nil},

		{"UPPER", Upper(c("s")), "BUY", nil},
		{"UPPER of NULL", Upper(c("null")), nil, nil},
		{"UPPER of non-ASCII (simple case mapping, as strings.ToUpper)", Upper(l("größe")), "GRÖßE", nil},
		{"UPPER of an int", Upper(c("i")), nil, errAny},
		{"LOWER", Lower(l("SeLL")), "sell", nil},
		{"ABS int", Abs(c("neg")), int64(3), nil},
		{"ABS float", Abs(l(-2.5)), 2.5, nil},
		{"ABS NULL", Abs(null), nil, nil},
		{"ABS min overflows", Abs(c("min")), nil, errOverflow},

		{"the benchmark filter, passing", And{Cmp{Gt, c("f"), l(int64(2))}, Cmp{Ge, c("i"), l(int64(7))}}, true, nil},
		{"the benchmark filter, NULL price", And{Cmp{Gt, c("null"), l(int64(2))}, Cmp{Ge, c("i"), l(int64(7))}}, nil, nil},
		{"the benchmark filter, NULL price and small quantity", And{Cmp{Gt, c("null"), l(int64(2))}, Cmp{Ge, c("i"), l(int64(8))}}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.e.Eval(row)
			switch {
			case tt.err == nil && err != nil:
				t.Fatalf("error %v, want %#v", err, tt.want)
			case tt.err == errAny && err == nil, tt.err != nil && tt.err != errAny && !errors.Is(err, tt.err):
				t.Fatalf("got %#v, %v; want error %v", got, err, tt.err)
			case tt.err != nil:
				return
			}
			if got != tt.want {
				t.Errorf("got %#v (%T), want %#v (%T)", got, got, tt.want, tt.want)
			}
		})
	}
}

var errAny = errors.New("any error")
