// Package configfile reads the YAML files that '<name>.config_file'
// names (io.md): properties for one source or sink, possibly extending
// another file. Velostream users keep their Kafka settings in such files;
// veloc reads them when compiling, so the properties are checked like
// those written in the SQL and compiled in as defaults.
//
// A file is a YAML map. `extends: other.yaml` (relative to the file)
// loads the other file first and merges this one over it, map by map,
// this file winning; a cycle is an error. Nested maps flatten to dotted
// keys (`consumer_config: {fetch.max.bytes: 1024}` is
// `consumer_config.fetch.max.bytes`), so `topic: {name: x}` is
// `topic.name`, an alias of `topic`. Lists join with commas (a broker
// list). Values are kept as written: `${VAR}` is expanded by the program
// when it starts, like any property.
package configfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Entry is one flattened property of a config file.
type Entry struct {
	Key   string // dotted, without the '<name>.' prefix
	Value string
	File  string // the file it was read from, as named (for errors)
	Line  int
}

// Where names the file and line an entry comes from: "kafka.yaml:3".
func (e Entry) Where() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// node is a merged YAML value: a map, or a leaf with where it was read.
type node struct {
	m    map[string]*node
	leaf *Entry
}

// Load reads the config file at path (named as the user wrote it: name)
// and the files it extends, and returns its properties sorted by key.
func Load(name, path string) ([]Entry, error) {
	root, err := load(name, path, nil)
	if err != nil {
		return nil, err
	}
	var out []Entry
	flatten(root, "", &out)
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// load reads one file; chain holds the files extending it, for cycles.
func load(name, path string, chain []string) (*node, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	for _, c := range chain {
		if c == abs {
			return nil, fmt.Errorf("config file %s extends itself (through %s)", name, strings.Join(chain, " -> "))
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("config file %s does not exist", name)
		}
		return nil, fmt.Errorf("config file %s: %w", name, err)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return &node{m: map[string]*node{}}, nil // an empty file
		}
		return nil, fmt.Errorf("config file %s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return &node{m: map[string]*node{}}, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: a config file is a map of properties", name, top.Line)
	}
	cv := &converter{name: name, budget: maxNodes, active: map[*yaml.Node]bool{}}
	own, err := cv.convert(top)
	if err != nil {
		return nil, err
	}
	base := &node{m: map[string]*node{}}
	if ext, ok := own.m["extends"]; ok {
		delete(own.m, "extends")
		if ext.leaf == nil {
			return nil, fmt.Errorf("%s: extends names one file", name)
		}
		rel := ext.leaf.Value
		next := rel
		if !filepath.IsAbs(rel) {
			next = filepath.Join(filepath.Dir(path), rel)
		}
		if base, err = load(filepath.Join(filepath.Dir(name), rel), next, append(chain, abs)); err != nil {
			return nil, err
		}
	}
	merge(base, own)
	return base, nil
}

// maxNodes bounds the values one file may expand to: aliases can nest
// (a "billion laughs" file), and a config file is small.
const maxNodes = 100_000

// converter turns a YAML node into a node tree; scalars and lists are
// leaves. It follows aliases, refusing one that contains itself and
// files that expand beyond maxNodes.
type converter struct {
	name   string
	budget int
	active map[*yaml.Node]bool // the nodes being converted, for cycles
}

func (cv *converter) convert(n *yaml.Node) (*node, error) {
	if cv.budget--; cv.budget < 0 {
		return nil, fmt.Errorf("%s: more than %d values (aliases expanding too far?)", cv.name, maxNodes)
	}
	if cv.active[n] {
		return nil, fmt.Errorf("%s:%d: an alias refers to a value that contains it", cv.name, n.Line)
	}
	cv.active[n] = true
	defer delete(cv.active, n)
	name := cv.name
	switch n.Kind {
	case yaml.MappingNode:
		out := &node{m: map[string]*node{}}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%s:%d: a key must be text", name, k.Line)
			}
			c, err := cv.convert(v)
			if err != nil {
				return nil, err
			}
			if c.leaf != nil {
				c.leaf.Line = k.Line
			}
			out.m[k.Value] = c
		}
		return out, nil
	case yaml.SequenceNode:
		items := make([]string, 0, len(n.Content))
		for _, it := range n.Content {
			if it.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%s:%d: a list holds plain values", name, it.Line)
			}
			items = append(items, it.Value)
		}
		return &node{leaf: &Entry{Value: strings.Join(items, ","), File: name, Line: n.Line}}, nil
	case yaml.ScalarNode:
		v := n.Value
		if n.Tag == "!!null" {
			v = ""
		}
		return &node{leaf: &Entry{Value: v, File: name, Line: n.Line}}, nil
	case yaml.AliasNode:
		return cv.convert(n.Alias)
	}
	return nil, fmt.Errorf("%s:%d: unexpected YAML", name, n.Line)
}

// merge folds over into base: maps merge key by key, anything else in
// over replaces what base has.
func merge(base, over *node) {
	for k, v := range over.m {
		if b, ok := base.m[k]; ok && b.m != nil && v.m != nil {
			merge(b, v)
			continue
		}
		base.m[k] = v
	}
}

// flatten lists the leaves of n under dotted keys.
func flatten(n *node, prefix string, out *[]Entry) {
	if n.leaf != nil {
		e := *n.leaf
		e.Key = prefix
		*out = append(*out, e)
		return
	}
	for k, v := range n.m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		flatten(v, key, out)
	}
}
