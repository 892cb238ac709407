package ui

import (
	"bytes"
	"fmt"
	"strings"

	"gatewaydoctor/checks"
)

// localReportText renders rep for people in the chosen language: the
// verdict, what we found in plain words, what to try and what was already
// tried, the helpdesk; then the technical part as the engine writes it
// (every check, the raw evidence), in the language rep was localized to
// (sharedReport) with its stable codes: the verdict code, the check IDs
// and statuses, the HTTP status, the addresses. The person's part comes
// first, so a shortened email keeps it.
func (w *Wizard) localReportText(rep *checks.Report) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(T("report.title", map[string]any{"Version": rep.Version, "Target": rep.Target}))
	// A numeric date and time: the same in every language.
	line(T("report.checked", map[string]any{"When": rep.StartedAt.Format("2006-01-02 15:04:05 MST"),
		"Seconds": fmt.Sprintf("%.1f", float64(rep.DurationMS)/1000)}))
	b.WriteString("\n")
	v := rep.Verdict
	line(verdictSentence(v))
	if v.Code == checks.VerdictOK {
		line(T("verdict.whose.ok"))
	} else {
		line(T("verdict.whose", map[string]any{"Side": T("side." + string(v.Side))}))
	}
	host := ""
	if w.target != nil {
		host = w.target.Hostname()
	}
	if found := foundLines(v, w.results, host, w.took); len(found) > 0 {
		line("\n" + T("verdict.found") + ":")
		for _, f := range found {
			line("  " + f)
		}
	}
	if len(rep.Fixes) > 0 {
		line("\n" + T("report.try") + ":")
		for i, f := range rep.Fixes {
			line(fmt.Sprintf("  %d. %s", i+1, fixTitle(f)))
		}
	}
	if len(rep.Tried) > 0 {
		tried := make([]string, len(rep.Tried))
		for i, id := range rep.Tried {
			tried[i] = fixTitle(id)
		}
		line("\n" + T("report.tried", map[string]any{"Fixes": strings.Join(tried, "; ")}))
	}
	var tech bytes.Buffer
	_ = rep.WriteText(&tech, fixTitle)
	line("\n" + T("report.technical"))
	b.WriteString(tech.String())
	return b.String()
}
