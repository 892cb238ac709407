package checks

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// upper is a stand-in language: a known key renders in capitals.
func upper(t Text) string {
	if strings.HasPrefix(t.Key, "known.") {
		return strings.ToUpper(t.English)
	}
	return t.English
}

// TestSayKeepsEnglishAndKey: one call gives the English (what the report
// said before) and the key with its arguments, also for added sentences.
func TestSayKeepsEnglishAndKey(t *testing.T) {
	var r Result
	r.Say(Say("known.a", "{{.N}} of {{.All}} answered.", Args{"N": 2, "All": 3}))
	r.SayMore(Say("known.b", "IPv6 is broken here.", nil))
	r.Saw(Say("known.c", "router {{.R}} answered", Args{"R": "192.0.2.1"}))
	if r.Summary != "2 of 3 answered. IPv6 is broken here." {
		t.Errorf("summary %q", r.Summary)
	}
	if r.SummaryText == nil || r.SummaryText.Key != "known.a" || len(r.SummaryText.More) != 1 {
		t.Errorf("summary text %+v", r.SummaryText)
	}
	if len(r.Evidence) != 1 || r.Evidence[0] != "router 192.0.2.1 answered" {
		t.Errorf("evidence %q", r.Evidence)
	}
	if got := r.SummaryText.Render(upper); got != "2 OF 3 ANSWERED. IPV6 IS BROKEN HERE." {
		t.Errorf("rendered %q", got)
	}
	if got := Fill("{{.Broken", nil); got != "{{.Broken" {
		t.Errorf("a broken template renders %q, want itself", got)
	}
}

// TestLocalizedReport: the text fields follow the language, lines without
// a key and the codes stay, the verdict's evidence that repeats a check's
// line follows it too, and the labels survive the redaction.
func TestLocalizedReport(t *testing.T) {
	var a Result
	a.ID, a.Status, a.Codes = "reach", StatusProblem, []Code{CodeReachSome}
	a.Say(Say("known.some", "2 of 3 test sites answered.", nil))
	a.Saw(Say("known.ev", "router 192.0.2.1 answered", nil))
	a.Evidence = append(a.Evidence, "raw data line")
	b := Result{ID: "other", Status: StatusOK, Summary: "not keyed yet"}
	v := Verdict{Code: VerdictNoInternet, Side: SideNetwork, Summary: "The router answers.", Evidence: []string{"2 of 3 test sites answered.", "something else"}}
	rep := NewReport("https://shop.example/", time.Unix(0, 0), time.Second, Results{a, b}, v)
	if rep.Lang != "en" {
		t.Errorf("an unlocalized report says lang %q", rep.Lang)
	}
	loc := rep.Localized("xx", upper)
	if loc.Lang != "xx" {
		t.Errorf("lang %q", loc.Lang)
	}
	if got := loc.Checks[0].Summary; got != "2 OF 3 TEST SITES ANSWERED." {
		t.Errorf("summary %q", got)
	}
	if got := loc.Checks[0].Evidence; len(got) != 2 || got[0] != "ROUTER 192.0.2.1 ANSWERED" || got[1] != "raw data line" {
		t.Errorf("evidence %q", got)
	}
	if loc.Checks[1].Summary != "not keyed yet" || loc.Checks[0].Codes[0] != CodeReachSome {
		t.Errorf("unkeyed or codes changed: %+v", loc.Checks)
	}
	if got := loc.Verdict.Evidence; got[0] != "2 OF 3 TEST SITES ANSWERED." || got[1] != "something else" {
		t.Errorf("verdict evidence %q", got)
	}
	if rep.Checks[0].Summary != "2 of 3 test sites answered." {
		t.Error("Localized changed the original")
	}
	red, err := loc.Redacted(Redaction{LocalAddresses: true})
	if err != nil {
		t.Fatal(err)
	}
	label := func(tx Text) string {
		if tx.Key == "report.every_check" {
			return "ALL CHECKS"
		}
		return upper(tx)
	}
	red2, _ := rep.Localized("xx", label).Redacted(Redaction{})
	var out bytes.Buffer
	if err := red2.WriteText(&out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ALL CHECKS:") {
		t.Errorf("the redacted report lost its labels' language:\n%s", out.String())
	}
	if red.Lang != "xx" {
		t.Errorf("redacted lang %q", red.Lang)
	}
}

// TestSayNestedText: a Text given as an argument fills in as its English in
// the English, and in the person's language when rendered, at any depth;
// the verdict's own lines (Verdict.Saw) follow the language too.
func TestSayNestedText(t *testing.T) {
	unit := Say("known.hours", "{{.N}} hours", Args{"N": 3})
	inner := Say("other.wrapper", "behind by {{.Time}}", Args{"Time": unit})
	outer := Say("known.clock", "The clock is {{.What}}.", Args{"What": inner})
	if outer.English != "The clock is behind by 3 hours." {
		t.Errorf("English %q", outer.English)
	}
	// A stand-in German: each level renders its own template with its
	// arguments already rendered.
	de := map[string]string{"known.hours": "{{.N}} Stunden", "other.wrapper": "um {{.Time}} zurück", "known.clock": "Die Uhr ist {{.What}}."}
	one := func(tx Text) string { return Fill(de[tx.Key], tx.Args) }
	if got := outer.Render(one); got != "Die Uhr ist um 3 Stunden zurück." {
		t.Errorf("rendered %q", got)
	}
	if outer.Args["What"].(Text).Key != "other.wrapper" {
		t.Error("Render changed the Text's own arguments")
	}

	var v Verdict
	v.Saw(Say("known.outside", "works from {{.N}} places", Args{"N": 3}))
	rep := NewReport("https://shop.example/", time.Unix(0, 0), time.Second, nil, v)
	if got := rep.Localized("xx", upper).Verdict.Evidence; len(got) != 1 || got[0] != "WORKS FROM 3 PLACES" {
		t.Errorf("verdict's own evidence %q", got)
	}
}
