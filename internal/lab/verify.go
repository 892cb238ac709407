package lab

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/web"
)

// Problems lists how a run's outcome differs from what the scenario wants:
// the verdict and its side, the producer and role of the answer, the first
// fix, the target's findings and the evidence. None means it matches.
func (sc Scenario) Problems(rs checks.Results, v checks.Verdict, rep *checks.Report) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if v.Code != sc.WantCode || v.Side != sc.WantSide {
		bad("verdict %s (%s), want %s (%s)", v.Code, v.Side, sc.WantCode, sc.WantSide)
	}
	if rep == nil || rep.HTTP == nil {
		bad("report has no http section")
	} else if rep.HTTP.Producer != sc.WantProducer || rep.HTTP.Role != sc.WantRole {
		bad("http producer %q role %q, want %q %q", rep.HTTP.Producer, rep.HTTP.Role, sc.WantProducer, sc.WantRole)
	}
	if info, ok := checks.Verdicts[sc.WantCode]; ok && rep != nil {
		if len(rep.Fixes) == 0 || rep.Fixes[0] != info.Fixes[0] {
			bad("first fix %v, want %s", rep.Fixes, info.Fixes[0])
		}
	}
	if len(v.Evidence) == 0 {
		bad("verdict has no evidence")
	}
	target, _ := rs.ByID(web.TargetID)
	for _, c := range sc.WantFindings {
		if !target.Has(c) {
			bad("the target check lacks %s (it has %v)", c, target.Codes)
		}
	}
	if sc.WantEvidence != "" && !slices.ContainsFunc(v.Evidence, func(e string) bool { return strings.Contains(e, sc.WantEvidence) }) {
		bad("no evidence line says %q", sc.WantEvidence)
	}
	return out
}

// Verify fails t with the scenario's problems.
func (sc Scenario) Verify(t testing.TB, rs checks.Results, v checks.Verdict, rep *checks.Report) {
	t.Helper()
	if problems := sc.Problems(rs, v, rep); len(problems) > 0 {
		target, _ := rs.ByID(web.TargetID)
		t.Fatalf("%s\nevidence: %q\ntarget codes: %v", strings.Join(problems, "\n"), v.Evidence, target.Codes)
	}
}
