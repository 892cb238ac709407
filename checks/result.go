// Package checks observes the network and the computer and decides whose
// problem a failing website is. It never changes the system and never imports
// Fyne: checks return data, and the CLI and the UI format it.
package checks

import (
	"time"
)

// Status is the outcome of one check. "Not checked" (skipped) is not "false".
type Status string

// The four statuses of the report contract (DESIGN.md).
const (
	StatusOK      Status = "ok"
	StatusProblem Status = "problem"
	StatusSkipped Status = "skipped" // always with a Reason
	StatusError   Status = "error"   // the check itself could not run
)

// Result is what one check saw. Codes are the typed findings that Diagnose
// reads; Summary and Evidence are for people.
type Result struct {
	ID       string         // "dns.system"
	Status   Status         // ok, problem, skipped or error
	Codes    []Code         // typed findings, e.g. CodeNXDomainRedirect
	Summary  string         // one line, for people
	Reason   string         // why it was skipped or errored
	Evidence []string       // what was seen: addresses, answers, headers
	Details  map[string]any // raw data for the expert view and the JSON report
	Took     time.Duration

	// SummaryText and EvidenceText are Summary and Evidence as translation
	// keys with arguments (Say, Saw), for the faces to render in the
	// person's language; a line without one is shown as it is.
	SummaryText  *Text
	EvidenceText []Text

	// HTTP is set by the target check only: the structured outcome of every
	// path it tried, which the diagnosis and the report's "http" section use.
	HTTP *HTTPOutcome
}

// Has reports whether the result carries the finding c.
func (r Result) Has(c Code) bool {
	for _, x := range r.Codes {
		if x == c {
			return true
		}
	}
	return false
}

// Skipped builds a skipped result; a skip always says why.
func Skipped(id, reason string) Result {
	return Result{ID: id, Status: StatusSkipped, Reason: reason, Summary: reason}
}

// Errored builds a result for a check that could not run. The error is
// data, kept as it is in every language.
func Errored(id string, err error) Result {
	r := Result{ID: id, Status: StatusError, Reason: err.Error()}
	r.Say(Say("summary.check.errored", "this check could not run: {{.Error}}", Args{"Error": err.Error()}))
	return r
}

// Results is the set of results of one run, indexed for the diagnosis.
type Results []Result

// ByID returns the result with the given ID, if the run has one.
func (rs Results) ByID(id string) (Result, bool) {
	for _, r := range rs {
		if r.ID == id {
			return r, true
		}
	}
	return Result{}, false
}

// Has reports whether any result carries the finding c.
func (rs Results) Has(c Code) bool {
	_, ok := rs.Find(c)
	return ok
}

// Find returns the first result that carries the finding c.
func (rs Results) Find(c Code) (Result, bool) {
	for _, r := range rs {
		if r.Has(c) {
			return r, true
		}
	}
	return Result{}, false
}
