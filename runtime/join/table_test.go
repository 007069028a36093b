package join

import (
	"slices"
	"testing"
)

type row struct {
	id   string
	zone string
	v    int
}

func TestTable(t *testing.T) {
	tests := []struct {
		name   string
		ops    []row // v < 0 deletes the key
		lookup string
		want   []int // v of every row in scan order
		found  int   // v found by lookup, -1 for none
	}{
		{"latest per key", []row{{"a", "", 1}, {"b", "", 2}, {"a", "", 3}}, "a", []int{3, 2}, 3},
		{"missing key", []row{{"a", "", 1}}, "z", []int{1}, -1},
		{"delete moves the last row", []row{{"a", "", 1}, {"b", "", 2}, {"c", "", 3}, {"a", "", -1}}, "c", []int{3, 2}, 3},
		{"delete then insert", []row{{"a", "", 1}, {"a", "", -1}, {"a", "", 4}}, "a", []int{4}, 4},
		{"delete missing", []row{{"a", "", 1}, {"q", "", -1}}, "a", []int{1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := NewTable[string, row]()
			for _, op := range tt.ops {
				if op.v < 0 {
					tab.Delete(op.id)
				} else {
					tab.Upsert(op.id, op)
				}
			}
			var got []int
			for _, r := range tab.Rows() {
				got = append(got, r.v)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rows %v, want %v", got, tt.want)
			}
			found := tab.Lookup(tt.lookup)
			switch {
			case tt.found < 0 && len(found) != 0:
				t.Errorf("Lookup(%q) = %v, want nothing", tt.lookup, found)
			case tt.found >= 0 && (len(found) != 1 || found[0].v != tt.found):
				t.Errorf("Lookup(%q) = %v, want v=%d", tt.lookup, found, tt.found)
			}
			if tab.Len() != len(tt.want) {
				t.Errorf("Len %d, want %d", tab.Len(), len(tt.want))
			}
		})
	}
}

func TestIndexFollowsUpserts(t *testing.T) {
	tab := NewTable[string, row]()
	idx := NewIndex[string, row]()
	upsert := func(r row) {
		stored, old := tab.Upsert(r.id, r)
		if old != nil {
			idx.Remove(old.zone, old)
		}
		idx.Add(r.zone, stored)
	}
	upsert(row{"a", "EU", 1})
	upsert(row{"b", "EU", 2})
	upsert(row{"c", "US", 3})
	upsert(row{"a", "US", 4}) // moves from EU to US
	zone := func(z string) []int {
		var out []int
		for _, r := range idx.Lookup(z) {
			out = append(out, r.v)
		}
		slices.Sort(out)
		return out
	}
	if got := zone("EU"); !slices.Equal(got, []int{2}) {
		t.Errorf("EU: %v, want [2]", got)
	}
	if got := zone("US"); !slices.Equal(got, []int{3, 4}) {
		t.Errorf("US: %v, want [3 4]", got)
	}
	idx.Remove("EU", tab.Lookup("b")[0])
	if got := idx.Lookup("EU"); got != nil {
		t.Errorf("EU after removing its last row: %v, want nil", got)
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	tab := NewTable[string, row]()
	for i := range 1000 {
		k := string(rune('a'+i%26)) + string(rune('a'+i/26))
		tab.Upsert(k, row{id: k, v: i})
	}
	n := 0
	allocs := testing.AllocsPerRun(1000, func() {
		n += len(tab.Lookup("ba"))
	})
	if allocs != 0 {
		t.Errorf("Lookup allocates %.1f times", allocs)
	}
	if n == 0 {
		t.Error("Lookup found nothing")
	}
}
