package checks_test

import (
	"slices"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/internal/words"
)

// assertEveryLineKeyed checks what Localized relies on, in a real run's
// report rather than at the call sites a grep can find: every summary and
// every evidence line of every check carries its key (SummaryText,
// EvidenceText) with the same English, every key of it (and of the Texts
// inside its arguments) is translated, and the German report keeps no line
// in English whose German differs. The verdict's evidence lines are keyed
// too, by a check or by the verdict itself.
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
			if inner, ok := innerText(a); ok && !same(inner) {
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
			if inner, ok := innerText(a); ok {
				translated(where, inner)
			}
		}
		for _, m := range tx.More {
			translated(where, m)
		}
	}
	loc := rep.Localized("de", de.Translator())
	for i, c := range rep.Checks {
		if c.Summary != "" {
			switch {
			case c.SummaryText == nil:
				t.Errorf("%s: summary %q has no key", c.ID, c.Summary)
			case c.SummaryText.Full() != c.Summary:
				t.Errorf("%s: summary %q, but its key says %q", c.ID, c.Summary, c.SummaryText.Full())
			default:
				translated(c.ID+" summary", *c.SummaryText)
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
			if loc.Checks[i].Evidence[j] == e && !same(tx) {
				t.Errorf("%s: the German report keeps the evidence %q in English", c.ID, e)
			}
		}
	}
	// The verdict's evidence lines: each is a check's keyed line or keyed
	// by the verdict itself, and follows the language like the checks'.
	said := slices.Clone(rep.Verdict.EvidenceText)
	for _, tx := range rep.Verdict.EvidenceText {
		translated("verdict evidence", tx)
	}
	for _, c := range rep.Checks {
		if c.SummaryText != nil {
			said = append(said, *c.SummaryText)
		}
		said = append(said, c.EvidenceText...)
	}
	for i, e := range rep.Verdict.Evidence {
		j := slices.IndexFunc(said, func(tx checks.Text) bool { return tx.Full() == e })
		if j < 0 {
			t.Errorf("verdict evidence %q is neither a check's keyed line nor keyed by the verdict", e)
			continue
		}
		if loc.Verdict.Evidence[i] == e && !same(said[j]) {
			t.Errorf("the German report keeps the verdict's evidence %q in English", e)
		}
	}
}

// innerText is the sentence an argument carries, bare or as an Inner.
func innerText(a any) (checks.Text, bool) {
	switch v := a.(type) {
	case checks.Text:
		return v, true
	case checks.Inner:
		return v.Text, true
	}
	return checks.Text{}, false
}
