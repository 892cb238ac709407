package ui

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/checks"
)

// expertView shows every check with its timing, codes, raw evidence and
// details, and who made a 5xx: for helpdesks and the curious. It replaces
// the current screen's body until the toggle is switched off.
func (w *Wizard) expertView() fyne.CanvasObject {
	text := widget.NewLabel(w.expertText())
	text.TextStyle = fyne.TextStyle{Monospace: true}
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	w.ref.expertText = text
	return container.NewBorder(container.NewPadded(heading(T("expert.title"))), nil, nil, nil,
		container.NewVScroll(container.NewPadded(text)))
}

// expertResults is what the expert view lists: the finished run, or the
// checks finished so far in the running one.
func (w *Wizard) expertResults() checks.Results {
	if !w.running && len(w.results) > 0 {
		return w.results
	}
	// Finished checks, and what the others already know (the target's
	// first fetch while it retests).
	known := map[string]checks.Result{}
	maps.Copy(known, w.live)
	for id, r := range w.early {
		if _, done := known[id]; !done {
			known[id] = r
		}
	}
	rs := make(checks.Results, 0, len(known))
	for _, id := range slices.Sorted(maps.Keys(known)) {
		rs = append(rs, known[id])
	}
	return rs
}

func (w *Wizard) expertText() string {
	rs := w.expertResults()
	contacts := ""
	if len(w.d.Contacts) > 0 {
		contacts = "contacts: " + strings.Join(w.d.Contacts, ", ") + "\n"
	}
	if len(rs) == 0 {
		return contacts + T("expert.none")
	}
	var b strings.Builder
	b.WriteString(contacts)
	if w.target != nil {
		fmt.Fprintf(&b, "target: %s\n", w.target)
	}
	if !w.running && w.verdict.Code != "" {
		fmt.Fprintf(&b, "verdict: %s (side %s)\n", w.verdict.Code, w.verdict.Side)
		for _, e := range w.verdict.Evidence {
			fmt.Fprintf(&b, "  evidence: %s\n", sayLine(e, w.verdict.EvidenceText))
		}
		if len(w.verdict.Secondary) > 0 {
			fmt.Fprintf(&b, "  secondary: %v\n", w.verdict.Secondary)
		}
		fmt.Fprintf(&b, "  fixes: %s\n", strings.Join(w.verdict.Fixes, ", "))
	}
	for _, e := range w.fixErrors {
		fmt.Fprintf(&b, "fix failed: %s\n", e)
	}
	for _, r := range rs {
		if r.HTTP == nil {
			continue
		}
		p := r.HTTP.Primary
		fmt.Fprintf(&b, "\nhttp: %d on path %s", p.Status, p.Path)
		if p.Producer.Name != "" || p.Producer.Role != "" {
			fmt.Fprintf(&b, ", %s", T("expert.producer", map[string]any{"Producer": orUnknown(p.Producer.Title, p.Producer.Name), "Role": p.Producer.Role}))
		}
		b.WriteString("\n")
		for _, e := range p.Producer.Evidence {
			fmt.Fprintf(&b, "  matched: %s\n", e)
		}
		for _, a := range r.HTTP.Attempts {
			fmt.Fprintf(&b, "  try %d %-6s %3d %s dns %v connect %v tls %v ttfb %v %s\n", a.Try, a.Path, a.Status,
				a.Failure, a.Timings.DNS, a.Timings.Connect, a.Timings.TLS, a.Timings.TTFB, a.Err)
		}
	}
	for _, r := range rs {
		fmt.Fprintf(&b, "\n[%s] %s  %v\n", r.Status, r.ID, r.Took)
		if len(r.Codes) > 0 {
			fmt.Fprintf(&b, "  codes: %v\n", r.Codes)
		}
		if r.Summary != "" {
			fmt.Fprintf(&b, "  %s\n", say(r.SummaryText, r.Summary))
		}
		if r.Reason != "" && r.Reason != r.Summary {
			fmt.Fprintf(&b, "  reason: %s\n", r.Reason)
		}
		for _, e := range r.Evidence {
			fmt.Fprintf(&b, "  - %s\n", sayLine(e, r.EvidenceText))
		}
		if len(r.Details) > 0 {
			if d, err := json.Marshal(r.Details); err == nil {
				fmt.Fprintf(&b, "  details: %s\n", d)
			}
		}
	}
	return b.String()
}

func orUnknown(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return "?"
}
