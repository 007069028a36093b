package app

import (
	"errors"
	"strings"
)

// JobError is the error of one job; its message starts with "job NAME: "
// so that the one line Main prints says which job failed.
type JobError struct {
	Job string
	Err error
}

func (e *JobError) Error() string { return "job " + e.Job + ": " + e.Err.Error() }
func (e *JobError) Unwrap() error { return e.Err }

// RecordError is the error BadRecord returns under the fail policy:
// "orders.csv:4: column qty: cannot parse ...".
type RecordError struct {
	Loc    Location
	Kind   string // the counting category, e.g. "parse"
	Reason string // the message from generated code
}

func (e *RecordError) Error() string {
	if l := e.Loc.String(); l != "" {
		return l + ": " + e.Reason
	}
	return e.Reason
}

// jobError attributes err to job, unless it already is that job's error
// (BadRecord's, for instance), so the job is named exactly once.
func jobError(job string, err error) error {
	var je *JobError
	if errors.As(err, &je) && je.Job == job {
		return err
	}
	return &JobError{Job: job, Err: err}
}

// ExitCode returns the exit status for an error from Run: 0 for nil, 2
// when a configuration or usage error is among its causes (anything with
// an ExitCode method returning 2, such as *config.UsageError), else 1.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	if hasUsageError(err) {
		return 2
	}
	return 1
}

func hasUsageError(err error) bool {
	if c, ok := err.(interface{ ExitCode() int }); ok && c.ExitCode() == 2 {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if e := u.Unwrap(); e != nil {
			return hasUsageError(e)
		}
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if hasUsageError(e) {
				return true
			}
		}
	}
	return false
}

// errorLines splits an error (possibly several joined) into the lines Main
// prints, each becoming "veloc: LINE".
func errorLines(err error) []string {
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
