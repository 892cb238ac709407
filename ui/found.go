package ui

import (
	"math"
	"strings"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
)

// foundLines says in plain words what the run found: what failed, what
// works (the contrast that shows whose side it is), and how often it was
// tried. The raw evidence stays in the expert view and the report.
func foundLines(v checks.Verdict, rs checks.Results, host string, took time.Duration) []string {
	var failed, works, tries []string
	found := engine.FoundIn(rs)
	if found.Target != nil {
		failed = targetLine(found.Target.Primary)
		tries = triesLine(found.Target, took)
	}
	for _, id := range found.Works {
		works = append(works, T("found.works."+id, map[string]any{"Host": host}))
	}
	var out []string
	for _, l := range append(append(failed, works...), tries...) {
		out = append(out, "• "+l)
	}
	for _, s := range v.Secondary {
		out = append(out, "• "+T("verdict.also", map[string]any{"What": verdictSentence(checks.Verdict{Code: s, Summary: checks.Verdicts[s].Summary})}))
	}
	return out
}

// targetLine words the site's first answer: what came back, and who made
// the error page.
func targetLine(a checks.Attempt) []string {
	if a.Status == 0 {
		return []string{T("found.target.no_answer")}
	}
	if !a.Failed() {
		return []string{T("found.target.ok")}
	}
	lines := []string{T("found.target.error", map[string]any{"Status": a.Status})}
	name := a.Producer.Title
	if name == "" {
		name = a.Producer.Name
	}
	if name != "" {
		switch a.Producer.Role {
		case checks.RoleOrigin, checks.RoleEdge, checks.RoleUserProxy:
			lines = append(lines, T("found.producer."+string(a.Producer.Role), map[string]any{"Producer": name}))
		}
	}
	return lines
}

// triesLine says how often the site was fetched on the browser's path and
// whether it answered the same each time.
func triesLine(h *checks.HTTPOutcome, took time.Duration) []string {
	n, same := 0, true
	for _, a := range h.Attempts {
		if a.Path != h.Primary.Path {
			continue
		}
		n++
		if a.Status != h.Primary.Status || a.Failure != h.Primary.Failure {
			same = false
		}
	}
	if n < 2 {
		return nil
	}
	secs := int(math.Max(1, math.Round(took.Seconds())))
	key := "found.tries.same"
	if !same {
		key = "found.tries.differ"
	}
	return []string{T(key, map[string]any{"Count": n, "Seconds": secs})}
}

// foundText is "What we found" as one paragraph.
func foundText(lines []string) string {
	if len(lines) == 0 {
		return T("verdict.found.none")
	}
	return strings.Join(lines, "\n")
}
