package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// describe names a value's origin for error messages.
func describe(name string, origin Origin) string {
	switch origin {
	case Flag:
		return fmt.Sprintf("property %q (from --set)", name)
	case Env:
		return fmt.Sprintf("property %q (from environment variable %s)", name, EnvName(name))
	}
	return fmt.Sprintf("property %q (compiled default)", name)
}

// resolve looks a property up for a typed getter.
func (s *Set) resolve(name string) (string, Origin, error) {
	v, o, ok := s.Lookup(name)
	if !ok {
		return "", o, &UsageError{Msg: s.unknown(name)}
	}
	return strings.TrimSpace(v), o, nil
}

// Bool returns a boolean property: true/false, 1/0, yes/no or on/off in any
// letter case.
func (s *Set) Bool(name string) (bool, error) {
	v, o, err := s.resolve(name)
	if err != nil {
		return false, err
	}
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off":
		return false, nil
	}
	return false, &UsageError{Msg: fmt.Sprintf("%s: invalid boolean %q (want true or false)", describe(name, o), v)}
}

// Int returns an integer property.
func (s *Set) Int(name string) (int64, error) {
	v, o, err := s.resolve(name)
	if err != nil {
		return 0, err
	}
	n, perr := strconv.ParseInt(v, 10, 64)
	if perr != nil {
		return 0, &UsageError{Msg: fmt.Sprintf("%s: invalid integer %q", describe(name, o), v)}
	}
	return n, nil
}

// Duration returns a duration property. It accepts plain digits as
// milliseconds ("1500"), a number with one of the units ms, s, m, h or d
// ("100ms", "30s", "5m", "1h", "1d"), and any time.ParseDuration text
// ("1h30m", "1.5s"). Negative durations are an error.
func (s *Set) Duration(name string) (time.Duration, error) {
	v, o, err := s.resolve(name)
	if err != nil {
		return 0, err
	}
	d, ok := parseDuration(v)
	if !ok {
		return 0, &UsageError{Msg: fmt.Sprintf("%s: invalid duration %q (want e.g. 500ms, 30s, 5m, 1h, 1d, or milliseconds)", describe(name, o), v)}
	}
	return d, nil
}

func parseDuration(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 || n > int64(1<<63-1)/int64(time.Millisecond) {
			return 0, false
		}
		return time.Duration(n) * time.Millisecond, true
	}
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n < 0 || n > int64(1<<63-1)/int64(24*time.Hour) {
			return 0, false
		}
		return time.Duration(n) * 24 * time.Hour, true
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, false
	}
	return d, true
}

// ParseDuration parses a duration as Duration does, for the compiler to
// check a compiled-in default.
func ParseDuration(v string) (time.Duration, bool) { return parseDuration(v) }
