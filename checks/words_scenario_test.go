package checks_test

import (
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/internal/words"
)

// assertEveryLineKeyed checks what Localized relies on, in a real run's
// report rather than at the call sites a grep can find: every summary and
// every evidence line of every check carries its key (SummaryText,
// EvidenceText) with the same English, every key of it (and of the Texts
// inside its arguments) is translated, and the German report keeps no line
// in English whose German differs. The verdict's own lines are keyed too,
// except those the diagnosis words itself ("id: summary"), which the
// verdict's wording owns.
func assertEveryLineKeyed(t *testing.T, rep *checks.Report) {
	t.Helper()
	en, _ := words.Load("en")
	de, ok := words.Load("de")
	if !ok || en == nil {
		t.Fatal("no en.json or de.json")
	}
	// same reports whether t reads the same in German as in English: every
	// key of it has the same template in both (a data line, "{{.Line}}").
	var same func(tx checks.Text) bool
	same = func(tx checks.Text) bool {
		if de[tx.Key] != en[tx.Key] {
			return false
		}
		for _, a := range tx.Args {
			if inner, ok := a.(checks.Text); ok && !same(inner) {
				return false
			}
		}
		for _, m := range tx.More {
			if !same(m) {
				return false
			}
		}
		return true
	}
	var translated func(where string, tx checks.Text)
	translated = func(where string, tx checks.Text) {
		if _, ok := en[tx.Key]; !ok {
			t.Errorf("%s: key %q (%q) is not in en.json", where, tx.Key, tx.English)
		}
		if _, ok := de[tx.Key]; !ok {
			t.Errorf("%s: key %q (%q) is not in de.json", where, tx.Key, tx.English)
		}
		for _, a := range tx.Args {
			if inner, ok := a.(checks.Text); ok {
				translated(where, inner)
			}
		}
		for _, m := range tx.More {
			translated(where, m)
		}
	}
	loc := rep.Localized("de", de.Translator())
	var all []string
	for i, c := range rep.Checks {
		if c.Summary != "" {
			switch {
			case c.SummaryText == nil:
				t.Errorf("%s: summary %q has no key", c.ID, c.Summary)
			case c.SummaryText.Full() != c.Summary:
				t.Errorf("%s: summary %q, but its key says %q", c.ID, c.Summary, c.SummaryText.Full())
			default:
				translated(c.ID+" summary", *c.SummaryText)
				all = append(all, c.Summary)
				if loc.Checks[i].Summary == c.Summary && !same(*c.SummaryText) {
					t.Errorf("%s: the German report keeps the summary %q in English", c.ID, c.Summary)
				}
			}
		}
		if len(c.EvidenceText) != len(c.Evidence) {
			t.Errorf("%s: %d evidence lines, %d keyed: %q", c.ID, len(c.Evidence), len(c.EvidenceText), c.Evidence)
			continue
		}
		for j, e := range c.Evidence {
			tx := c.EvidenceText[j]
			if tx.Full() != e {
				t.Errorf("%s: evidence %q, but its key says %q", c.ID, e, tx.Full())
				continue
			}
			translated(c.ID+" evidence", tx)
			all = append(all, e)
			if loc.Checks[i].Evidence[j] == e && !same(tx) {
				t.Errorf("%s: the German report keeps the evidence %q in English", c.ID, e)
			}
		}
	}
	for _, tx := range rep.Verdict.EvidenceText {
		translated("verdict evidence", tx)
		all = append(all, tx.Full())
	}
	for _, e := range rep.Verdict.Evidence {
		known := e == "every check passed"
		for _, c := range rep.Checks {
			known = known || strings.HasPrefix(e, c.ID+": ")
		}
		for _, a := range all {
			known = known || a == e
		}
		if !known {
			t.Errorf("verdict evidence %q is neither a check's keyed line nor keyed by the verdict", e)
		}
	}
}
