package checks

import (
	"bytes"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"
)

// Args are the named values a message's template fills in ({{.Host}}).
type Args = map[string]any

// Text is a sentence for people as a translation key plus its arguments,
// with its English beside it. Checks say what they saw with Say; the faces
// (the CLI's printer, the UI) render the key in the person's language and
// fall back to English. The key and the English come from one call site,
// so they never drift apart.
type Text struct {
	Key     string `json:"key"`
	Args    Args   `json:"args,omitempty"`
	English string `json:"-"`
	// More are the sentences that follow this one, each with its own key
	// (a summary that adds findings: "… Web requests are slow.").
	More []Text `json:"more,omitempty"`
}

// Full is the whole English: the sentence and those that follow it.
func (t Text) Full() string {
	s := t.English
	for _, m := range t.More {
		s += " " + m.Full()
	}
	return s
}

// Render renders the sentence and those that follow it, each by one (which
// renders a single key, or falls back to its English). An Inner argument is
// rendered by one too, before the sentence that holds it.
func (t Text) Render(one func(Text) string) string {
	s := one(Text{Key: t.Key, Args: renderArgs(t.Args, func(in Text) string { return in.Render(one) }), English: t.English})
	for _, m := range t.More {
		s += " " + m.Render(one)
	}
	return s
}

// Inner is a sentence used as an argument of another ("{{.from}} sends you
// to {{.hop}}, and there it fails: {{.what}}"), so that a face says both in
// the same language. Lower starts it with a small letter, since it goes on
// the sentence that holds it (each language's template ends that one with
// the mark its grammar continues after: a colon, a dash).
type Inner struct {
	Text  Text
	Lower bool
}

// renderArgs returns a with each Inner rendered by say (and lowered when
// asked); a itself when it holds none. A bare Text argument is an Inner
// that keeps its case (a unit or a reason inside a sentence: the "3 hours"
// of "the clock is 3 hours behind").
func renderArgs(a Args, say func(Text) string) Args {
	var out Args
	for k, v := range a {
		in, ok := v.(Inner)
		if t, isText := v.(Text); isText {
			in, ok = Inner{Text: t}, true
		}
		if !ok {
			continue
		}
		if out == nil {
			out = make(Args, len(a))
			for k2, v2 := range a {
				out[k2] = v2
			}
		}
		s := say(in.Text)
		if in.Lower {
			s = lowerFirst(s)
		}
		out[k] = s
	}
	if out == nil {
		return a
	}
	return out
}

// lowerFirst lowers the first letter of s, for a sentence that goes on.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// Say builds a Text: key names the sentence in assets/translations, english
// is its English template (the same {{.Name}} fields the translations use),
// filled with args. A template that does not parse or fill is a programming
// error; its raw English is kept so a person still reads something.
func Say(key, english string, args Args) Text {
	return Text{Key: key, Args: args, English: Fill(english, args)}
}

// Fill renders a message template with args, as the translations are
// rendered; on a broken template it returns the template itself.
func Fill(tmpl string, args Args) string {
	if !strings.Contains(tmpl, "{{") {
		return tmpl
	}
	args = renderArgs(args, Text.Full)
	t, err := template.New("").Option("missingkey=zero").Parse(tmpl)
	if err != nil {
		return tmpl
	}
	var b bytes.Buffer
	if err := t.Execute(&b, args); err != nil {
		return tmpl
	}
	return b.String()
}

// CheckLine is a check's summary quoted as evidence ("reach: 2 of 3 test
// sites answered."): the check's ID stays, its summary is said.
func CheckLine(id string, summary Text) Text {
	return Say("verdict.evidence.check", "{{.ID}}: {{.Summary}}", Args{"ID": id, "Summary": Inner{Text: summary}})
}

// Translator renders a Text in one language; it falls back to t.English for
// a key the language lacks. nil renders English.
type Translator func(t Text) string

// Say sets the result's summary from t, keeping the English in Summary.
func (r *Result) Say(t Text) {
	r.Summary = t.English
	r.SummaryText = &t
}

// SkippedSay is Skipped with its reason as a Text: the English stays the
// reason (for programs and the report), the key is for people.
func SkippedSay(id string, t Text) Result {
	r := Skipped(id, t.English)
	r.SummaryText = &t
	return r
}

// SayMore adds a sentence to the result's summary.
func (r *Result) SayMore(t Text) {
	if r.SummaryText == nil {
		r.Say(t)
		return
	}
	r.SummaryText.More = append(r.SummaryText.More, t)
	r.Summary = r.SummaryText.Full()
}

// Saw adds an evidence line from t, keeping the English in Evidence.
func (r *Result) Saw(t Text) {
	r.Evidence = append(r.Evidence, t.English)
	r.EvidenceText = append(r.EvidenceText, t)
}

// localize renders an English line in the language of tr when one of texts
// carries it; other lines (not yet keyed, or data) stay as they are.
func localize(line string, texts []Text, tr Translator) string {
	for _, t := range texts {
		if t.Full() == line {
			return t.Render(tr)
		}
	}
	return line
}

// Localized returns a copy of rep whose text fields are in the language of
// tr (named lang): the verdict's sentence and evidence, and each check's
// summary and evidence that carry a key. The codes stay as they are. Call
// it before Redacted: the keys do not survive the JSON round trip.
func (rep *Report) Localized(lang string, tr Translator) *Report {
	out := *rep
	out.Lang = lang
	if tr == nil {
		return &out
	}
	var all []Text
	out.Checks = make([]CheckReport, len(rep.Checks))
	for i, c := range rep.Checks {
		if c.SummaryText != nil {
			all = append(all, *c.SummaryText)
			c.Summary = c.SummaryText.Render(tr)
		}
		all = append(all, c.EvidenceText...)
		if len(c.Evidence) > 0 {
			ev := make([]string, len(c.Evidence))
			for j, e := range c.Evidence {
				ev[j] = localize(e, c.EvidenceText, tr)
			}
			c.Evidence = ev
		}
		out.Checks[i] = c
	}
	v := rep.Verdict
	// In English the verdict's Summary stands (en.json's sentence, or the
	// one Diagnose worded from its params). Another language says the
	// verdict's sentence from the translations, naming what the evidence
	// names (Verdict.Sentence).
	if lang != "en" {
		v.Summary = v.Sentence().Render(tr)
	}
	said := append(append([]Text(nil), v.EvidenceText...), all...)
	ev := make([]string, len(v.Evidence))
	for i, e := range v.Evidence {
		ev[i] = localize(e, said, tr)
	}
	v.Evidence = ev
	out.Verdict = v
	out.tr = tr
	return &out
}

// sayText renders t in the report's language.
func (rep *Report) sayText(t Text) string {
	if rep.tr == nil {
		return t.English
	}
	return rep.tr(t)
}

// say renders a report label in the report's language.
func (rep *Report) say(key, english string, args Args) string {
	return rep.sayText(Text{Key: key, Args: args, English: Fill(english, args)})
}
