package sqlfn

import (
	"strings"
	"sync"
	"sync/atomic"
)

// maxCacheEntries bounds a compile cache: when it is full it starts over,
// so a column of ever-different patterns costs a compile per record but
// never unbounded memory.
const maxCacheEntries = 128

// compileCache remembers compiled forms of run-time arguments (regular
// expressions, JSON paths), errors included, keyed by up to two strings.
// The last hit is checked without locking, so a call site whose argument
// rarely changes pays two string comparisons. Safe for concurrent use; the
// zero value is ready.
type compileCache[V any] struct {
	last atomic.Pointer[cacheEntry[V]]
	mu   sync.Mutex
	m    map[cacheKey]*cacheEntry[V]
}

type cacheKey struct{ a, b string }

type cacheEntry[V any] struct {
	key cacheKey
	v   V
	err error
}

func (c *compileCache[V]) get(a, b string, compile func(a, b string) (V, error)) (V, error) {
	if e := c.last.Load(); e != nil && e.key.a == a && e.key.b == b {
		return e.v, e.err
	}
	c.mu.Lock()
	e := c.m[cacheKey{a, b}]
	if e == nil {
		// The arguments may be views of an input buffer that the next
		// record overwrites: keep copies, and compile the copies so that
		// nothing compiled (error texts included) points into the buffer.
		k := cacheKey{strings.Clone(a), strings.Clone(b)}
		v, err := compile(k.a, k.b)
		e = &cacheEntry[V]{key: k, v: v, err: err}
		if c.m == nil || len(c.m) >= maxCacheEntries {
			c.m = make(map[cacheKey]*cacheEntry[V])
		}
		c.m[k] = e
	}
	c.mu.Unlock()
	c.last.Store(e)
	return e.v, e.err
}
