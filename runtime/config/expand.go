package config

import "strings"

// expand replaces ${VAR} with the environment variable VAR and
// ${VAR:default} with VAR, or default when VAR is unset or empty. An unset
// VAR without a default expands to "". "$${" writes a literal "${". A "$"
// not followed by "{", and a "${" without its "}", are kept as they are.
// The default is literal text up to the first "}" (no nesting).
func (s *Set) expand(v string) string {
	if !strings.Contains(v, "${") {
		return v
	}
	var b strings.Builder
	for {
		i := strings.Index(v, "${")
		if i < 0 {
			b.WriteString(v)
			return b.String()
		}
		if i > 0 && v[i-1] == '$' { // "$${" → "${"
			b.WriteString(v[:i-1])
			b.WriteString("${")
			v = v[i+2:]
			continue
		}
		end := strings.IndexByte(v[i:], '}')
		if end < 0 {
			b.WriteString(v)
			return b.String()
		}
		b.WriteString(v[:i])
		ref := v[i+2 : i+end]
		name, def, hasDef := strings.Cut(ref, ":")
		val, ok := s.lookupEnv(name)
		if hasDef && (!ok || val == "") {
			val = def
		}
		b.WriteString(val)
		v = v[i+end+1:]
	}
}

// Expand expands ${VAR} and ${VAR:default} in v as property values are
// expanded, for other compiled-in text that may name the environment
// (@deployment.* annotations).
func (s *Set) Expand(v string) string { return s.expand(v) }
