package checks

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Schema is the report's schema identifier (DESIGN.md).
const Schema = "gateway-doctor/report/v1"

// Version is the product's version, set once here and shown in the app's
// About, the report and the installers (packaging reads it from FyneApp.toml,
// which a test keeps equal to this).
const Version = "0.1.0"

// Report is the outcome of one run, as the JSON report contract has it.
type Report struct {
	Schema     string    `json:"schema"`
	Version    string    `json:"version"`
	Target     string    `json:"target"`
	StartedAt  time.Time `json:"started_at"`
	DurationMS int64     `json:"duration_ms"`
	// FirstVerdictMS is when the first (provisional) verdict was known,
	// counted from StartedAt; DurationMS is when the run ended. 0 when no
	// verdict was known before the end (added within v1).
	FirstVerdictMS int64         `json:"first_verdict_ms,omitempty"`
	Verdict        Verdict       `json:"verdict"`
	HTTP           *HTTPReport   `json:"http,omitempty"`
	Checks         []CheckReport `json:"checks"`
	Fixes          []string      `json:"fixes"`
	// Tried lists the fixes the user tried in the wizard, in order.
	Tried []string `json:"tried,omitempty"`
	// Helpdesk is the profile's contact, when one is set.
	Helpdesk *Contact `json:"helpdesk,omitempty"`
	// Outside is the outside check, when the person asked for it.
	Outside *OutsideReport `json:"outside,omitempty"`
	// Browsers are the browsers' own settings where they differ from the
	// system's.
	Browsers []BrowserReport `json:"browsers,omitempty"`
	// Lang is the language of the text fields (added within v1); the
	// codes never change with it.
	Lang string `json:"lang,omitempty"`

	// tr renders the text report's labels in Lang (Localized sets it).
	tr Translator
}

// Contact is a helpdesk's contact details from the profile.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	URL   string `json:"url,omitempty"`
}

// HTTPReport is the report's "http" section: the primary fetch.
type HTTPReport struct {
	Status    int              `json:"status"`
	Producer  string           `json:"producer"`
	Role      Role             `json:"role"`
	Path      Path             `json:"path"`
	Error     string           `json:"error,omitempty"`
	TimingsMS map[string]int64 `json:"timings_ms"`
	// Hops are the requests of a redirect chain, first to last, when the
	// site redirected (added within v1). The verdict names the hop that
	// failed.
	Hops []HopReport `json:"hops,omitempty"`
}

// HopReport is one request of a redirect chain in the report.
type HopReport struct {
	URL       string           `json:"url"`
	Status    int              `json:"status"`
	Producer  string           `json:"producer,omitempty"`
	Path      Path             `json:"path"`
	Error     string           `json:"error,omitempty"`
	TimingsMS map[string]int64 `json:"timings_ms"`
}

// CheckReport is one check in the report.
type CheckReport struct {
	ID         string         `json:"id"`
	Status     Status         `json:"status"`
	Codes      []Code         `json:"codes"`
	Summary    string         `json:"summary"`
	Reason     string         `json:"reason,omitempty"`
	Evidence   []string       `json:"evidence,omitempty"`
	DurationMS int64          `json:"duration_ms"`
	Details    map[string]any `json:"details"`
	// SummaryText and EvidenceText key the text fields for Localized; a
	// report read back from JSON has them no more (its text is rendered).
	SummaryText  *Text  `json:"-"`
	EvidenceText []Text `json:"-"`
}

// NewReport assembles a report from a run's results and its diagnosis.
func NewReport(target string, started time.Time, took time.Duration, rs Results, v Verdict) *Report {
	rep := &Report{
		Schema:     Schema,
		Version:    Version,
		Target:     target,
		StartedAt:  started.UTC(),
		DurationMS: took.Milliseconds(),
		Verdict:    v,
		Checks:     make([]CheckReport, 0, len(rs)),
		Fixes:      append([]string{}, v.Fixes...),
		Lang:       "en",
	}
	if rep.Verdict.Evidence == nil {
		rep.Verdict.Evidence = []string{}
	}
	for _, r := range rs {
		codes := r.Codes
		if codes == nil {
			codes = []Code{}
		}
		details := r.Details
		if details == nil {
			details = map[string]any{}
		}
		rep.Checks = append(rep.Checks, CheckReport{
			ID: r.ID, Status: r.Status, Codes: codes, Summary: r.Summary, Reason: r.Reason,
			Evidence: r.Evidence, DurationMS: r.Took.Milliseconds(), Details: details,
			SummaryText: r.SummaryText, EvidenceText: r.EvidenceText,
		})
		if r.HTTP != nil && rep.HTTP == nil {
			rep.HTTP = httpReport(r.HTTP.Primary)
		}
	}
	return rep
}

func httpReport(a Attempt) *HTTPReport {
	name := a.Producer.Name
	role := a.Producer.Role
	if role == "" {
		role = RoleUnknown
	}
	rep := &HTTPReport{
		Status: a.Status, Producer: name, Role: role, Path: a.Path, Error: a.Err,
		TimingsMS: timingsMS(a.Timings),
	}
	// A single request is not a chain: hops are listed only when the site
	// redirected, so a plain answer's report stays as it was.
	if len(a.Hops) > 1 {
		for _, h := range a.Hops {
			rep.Hops = append(rep.Hops, HopReport{URL: h.URL, Status: h.Status, Producer: h.Producer.Name,
				Path: h.Path, Error: h.Err, TimingsMS: timingsMS(h.Timings)})
		}
	}
	return rep
}

func timingsMS(t Timings) map[string]int64 {
	return map[string]int64{
		"dns": t.DNS.Milliseconds(), "connect": t.Connect.Milliseconds(),
		"tls": t.TLS.Milliseconds(), "ttfb": t.TTFB.Milliseconds(),
	}
}

// WriteJSON writes the report as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// WriteText writes the report for people: the verdict first, then what to
// do, then what was found, then every check. fixTitle names a fix in words
// (fixes.EnglishTitle, from the fix catalogue); nil prints the fix IDs.
func (rep *Report) WriteText(w io.Writer, fixTitle func(id string) string) error {
	if fixTitle == nil {
		fixTitle = func(id string) string { return id }
	}
	var b strings.Builder
	b.WriteString(rep.say("report.title", "Gateway Doctor {{.Version}}: {{.Target}}", Args{"Version": rep.Version, "Target": rep.Target}) + "\n")
	// RFC 1123 names the day and month in English; another language reads
	// the numeric date and time, as the wizard's report writes it.
	when := rep.StartedAt.Format(time.RFC1123)
	if !rep.english() {
		when = rep.StartedAt.Format(numericTime)
	}
	b.WriteString(rep.say("report.checked", "Checked {{.When}}, in {{.Seconds}} s", Args{"When": when,
		"Seconds": fmt.Sprintf("%.1f", float64(rep.DurationMS)/1000)}))
	if rep.FirstVerdictMS > 0 && rep.FirstVerdictMS < rep.DurationMS {
		b.WriteString(" " + rep.say("report.first_verdict", "(first verdict after {{.Seconds}} s)", Args{"Seconds": fmt.Sprintf("%.1f", float64(rep.FirstVerdictMS)/1000)}))
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "%s\n", rep.Verdict.Summary)
	side := rep.say("side."+string(rep.Verdict.Side), SideTitle(rep.Verdict.Side), nil)
	fmt.Fprintf(&b, "%s (%s)\n", rep.say("verdict.whose", "Whose problem: {{.Side}}", Args{"Side": side}), rep.Verdict.Code)
	if rep.Verdict.IsWebsiteSide() {
		// The verdict's sentence is the wizard's, which says this on a
		// line of its own; the report says it the same way.
		b.WriteString(rep.say("verdict.nothing_here", "Nothing on your computer can fix this.", nil) + "\n")
	}
	if len(rep.Verdict.Evidence) > 0 {
		b.WriteString("\n" + rep.say("verdict.found", "What we found", nil) + ":\n")
		for _, e := range rep.Verdict.Evidence {
			fmt.Fprintf(&b, "  - %s\n", e)
		}
	}
	// Each finding seen beside the verdict in words, its code after it for
	// the helpdesk (the wizard says the same sentence).
	for _, s := range rep.Verdict.Secondary {
		what := rep.sayText(Verdict{Code: s}.Sentence())
		b.WriteString(rep.say("report.also_seen", "Also seen ({{.Code}}): {{.What}}", Args{"What": what, "Code": string(s)}) + "\n")
	}
	if len(rep.Fixes) > 0 {
		b.WriteString("\n" + rep.say("report.try", "What to try, in order", nil) + ":\n")
		for i, f := range rep.Fixes {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, fixTitle(f))
		}
	}
	if len(rep.Tried) > 0 {
		tried := make([]string, len(rep.Tried))
		for i, id := range rep.Tried {
			tried[i] = fixTitle(id)
		}
		b.WriteString("\n" + rep.say("report.tried", "Already tried: {{.Fixes}}", Args{"Fixes": strings.Join(tried, "; ")}) + "\n")
	}
	if h := rep.HTTP; h != nil {
		b.WriteString("\n" + rep.say("report.answer", "The website's answer", nil) + ":\n")
		b.WriteString("  " + rep.answer(h.Status, h.Error))
		if h.Producer != "" {
			b.WriteString(" " + rep.say("report.made_by_role", "made by {{.Producer}} ({{.Role}})", Args{"Producer": h.Producer, "Role": h.Role}))
		}
		b.WriteString(", " + rep.say("report.path", "path {{.Path}}", Args{"Path": h.Path}) + "\n")
		// The timings' names are the JSON's keys (timings_ms), the same in
		// every language, like the codes.
		parts := make([]string, 0, len(h.TimingsMS))
		for _, k := range []string{"dns", "connect", "tls", "ttfb"} {
			if v, ok := h.TimingsMS[k]; ok {
				parts = append(parts, fmt.Sprintf("%s %d ms", k, v))
			}
		}
		fmt.Fprintf(&b, "  %s\n", strings.Join(parts, ", "))
		for i, hop := range h.Hops {
			b.WriteString("  " + rep.say("report.hop", "hop {{.N}}: {{.URL}}:", Args{"N": i + 1, "URL": hop.URL}) + " " + rep.answer(hop.Status, hop.Error))
			if hop.Producer != "" {
				b.WriteString(" " + rep.madeBy(hop.Producer))
			}
			b.WriteString("\n")
		}
	}
	rep.writeOutsideText(&b)
	rep.writeBrowsersText(&b)
	b.WriteString("\n" + rep.say("report.every_check", "Every check", nil) + ":\n")
	for _, c := range rep.Checks {
		fmt.Fprintf(&b, "  [%-7s] %-18s %s\n", c.Status, c.ID, c.Summary)
	}
	if h := rep.Helpdesk; h != nil {
		b.WriteString("\n" + rep.say("report.helpdesk", "Helpdesk: {{.Contact}}", Args{"Contact": strings.Join(nonEmpty(h.Name, h.Email, h.Phone, h.URL), ", ")}) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// numericTime is the report's date and time outside English: numbers read
// the same in every language, where RFC 1123 names the day and month in
// English.
const numericTime = "2006-01-02 15:04:05 MST"

// english reports whether the report speaks English: no language was given,
// or English was.
func (rep *Report) english() bool {
	return rep.tr == nil || rep.Lang == "" || rep.Lang == "en"
}

// answer says what a request got: its HTTP status, a code the same in every
// language, or that it got none and why (the error is data, kept as it is).
func (rep *Report) answer(status int, err string) string {
	if status > 0 {
		return fmt.Sprintf("HTTP %d", status)
	}
	return rep.say("report.no_answer", "no answer ({{.Error}})", Args{"Error": err})
}

// madeBy names who made an answer.
func (rep *Report) madeBy(producer string) string {
	return rep.say("report.made_by", "made by {{.Producer}}", Args{"Producer": producer})
}

// sayData says a sentence that another package wrote in English (data in
// the report, such as the outside service's failure) by its key in another
// language; in English it keeps that sentence as it was written, which can
// say more than the key's general words.
func (rep *Report) sayData(key, english string) string {
	if rep.english() {
		return english
	}
	return rep.tr(Text{Key: key, English: english})
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// SideTitle names a side for people.
func SideTitle(s Side) string {
	switch s {
	case SideWebsite:
		return "the website"
	case SideNetwork:
		return "your network"
	case SideProxy:
		return "your organisation's proxy"
	case SideComputer:
		return "this computer"
	}
	return string(s)
}
