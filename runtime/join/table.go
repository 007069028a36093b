package join

// Table is the current content of a table: the latest row per key, in the
// order keys first appeared (so a scan is deterministic). A later row
// with the same key replaces the earlier one in place.
type Table[K comparable, R any] struct {
	pos     map[K]int
	keys    []K
	rows    []*R
	version uint64 // changes with every Upsert and Delete
}

// Version changes whenever the table does, so that an answer computed
// from its rows (does a subquery's column hold a NULL?) can be kept
// until then.
func (t *Table[K, R]) Version() uint64 { return t.version }

// NewTable returns an empty table.
func NewTable[K comparable, R any]() *Table[K, R] {
	return &Table[K, R]{pos: map[K]int{}}
}

// Upsert stores row under key and returns the stored row and the row it
// replaced (nil when the key is new), which indexes must forget.
func (t *Table[K, R]) Upsert(key K, row R) (stored, old *R) {
	t.version++
	r := new(R)
	*r = row
	if i, ok := t.pos[key]; ok {
		old = t.rows[i]
		t.rows[i] = r
		return r, old
	}
	t.pos[key] = len(t.rows)
	t.keys = append(t.keys, key)
	t.rows = append(t.rows, r)
	return r, nil
}

// Delete removes the row of key (a tombstone) and returns it, or nil.
// The last row takes its place in scan order.
func (t *Table[K, R]) Delete(key K) *R {
	i, ok := t.pos[key]
	if !ok {
		return nil
	}
	t.version++
	old := t.rows[i]
	last := len(t.rows) - 1
	t.rows[i], t.keys[i] = t.rows[last], t.keys[last]
	t.pos[t.keys[i]] = i
	t.rows[last] = nil
	t.rows, t.keys = t.rows[:last], t.keys[:last]
	delete(t.pos, key)
	return old
}

// Lookup returns the row of key as a slice of zero or one rows, so that
// callers loop over key lookups, index lookups and scans alike. It does
// not allocate.
func (t *Table[K, R]) Lookup(key K) []*R {
	i, ok := t.pos[key]
	if !ok {
		return nil
	}
	return t.rows[i : i+1 : i+1]
}

// Rows returns every row, for a scan. The slice is the table's own: do
// not keep it across an Upsert or Delete.
func (t *Table[K, R]) Rows() []*R { return t.rows }

// Len is the number of keys.
func (t *Table[K, R]) Len() int { return len(t.rows) }

// Index is a secondary index of a table: the rows whose indexed columns
// have a value, by that value.
type Index[K comparable, R any] struct {
	m map[K][]*R
}

// NewIndex returns an empty index.
func NewIndex[K comparable, R any]() *Index[K, R] {
	return &Index[K, R]{m: map[K][]*R{}}
}

// Add indexes row under key.
func (x *Index[K, R]) Add(key K, row *R) {
	x.m[key] = append(x.m[key], row)
}

// Remove forgets row under key (a row that an upsert replaced).
func (x *Index[K, R]) Remove(key K, row *R) {
	rows := x.m[key]
	for i, r := range rows {
		if r == row {
			copy(rows[i:], rows[i+1:])
			rows[len(rows)-1] = nil
			rows = rows[:len(rows)-1]
			break
		}
	}
	if len(rows) == 0 {
		delete(x.m, key)
	} else {
		x.m[key] = rows
	}
}

// Lookup returns the rows indexed under key.
func (x *Index[K, R]) Lookup(key K) []*R { return x.m[key] }
