package sqlfn

import "strings"

// Headers are a record's Kafka headers, as the header functions read and
// change them (io.md): HEADER, HAS_HEADER, HEADER_KEYS, SET_HEADER and
// REMOVE_HEADER. Records from files have none. A small slice beats a map
// for the handful of headers a message carries, and Reset keeps its
// storage for the next record.
type Headers struct {
	kv []header
}

type header struct{ key, value string }

// Reset empties h, keeping its storage.
func (h *Headers) Reset() { h.kv = h.kv[:0] }

// Add appends a header as read from a message (keys may repeat; Get
// returns the last).
func (h *Headers) Add(key, value string) { h.kv = append(h.kv, header{key, value}) }

// Get returns the value of the last header named key.
func (h *Headers) Get(key string) (string, bool) {
	for i := len(h.kv) - 1; i >= 0; i-- {
		if h.kv[i].key == key {
			return h.kv[i].value, true
		}
	}
	return "", false
}

// Has reports whether a header named key exists.
func (h *Headers) Has(key string) bool {
	_, ok := h.Get(key)
	return ok
}

// Keys returns the header names, comma-joined in order (HEADER_KEYS).
func (h *Headers) Keys() string {
	var b strings.Builder
	for i, kv := range h.kv {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(kv.key)
	}
	return b.String()
}

// Set replaces every header named key by one with value (SET_HEADER).
func (h *Headers) Set(key, value string) {
	h.Remove(key)
	h.kv = append(h.kv, header{key, strings.Clone(value)})
}

// Remove deletes every header named key (REMOVE_HEADER).
func (h *Headers) Remove(key string) {
	out := h.kv[:0]
	for _, kv := range h.kv {
		if kv.key != key {
			out = append(out, kv)
		}
	}
	h.kv = out
}

// Len returns the number of headers.
func (h *Headers) Len() int { return len(h.kv) }

// Each calls fn with each header in order, for writing them out.
func (h *Headers) Each(fn func(key, value string)) {
	for _, kv := range h.kv {
		fn(kv.key, kv.value)
	}
}
