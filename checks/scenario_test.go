package checks_test

import (
	"context"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/internal/lab"
)

func TestScenarios(t *testing.T) {
	for _, sc := range lab.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			l := lab.New(t)
			target, tune := sc.Stage(t, l)
			d, err := engine.Engine{Budget: 4 * time.Second, Env: l.EnvFunc(tune)}.Run(context.Background(), target, nil)
			if err != nil {
				t.Fatal(err)
			}
			rs, v, rep := d.Results, d.Verdict, d.Report
			recordScenario(t, sc.Name, rep)
			if v.Code != sc.WantCode || v.Side != sc.WantSide {
				t.Fatalf("verdict %s (%s), want %s (%s)\nevidence: %q\ncodes: %v", v.Code, v.Side, sc.WantCode, sc.WantSide, v.Evidence, rs[0].Codes)
			}
			if rep.HTTP == nil {
				t.Fatalf("report has no http section")
			}
			if rep.HTTP.Producer != sc.WantProducer || rep.HTTP.Role != sc.WantRole {
				t.Errorf("http producer %q role %q, want %q %q", rep.HTTP.Producer, rep.HTTP.Role, sc.WantProducer, sc.WantRole)
			}
			wantFix := checks.Verdicts[sc.WantCode].Fixes[0]
			if len(rep.Fixes) == 0 || rep.Fixes[0] != wantFix {
				t.Errorf("first fix %v, want %s", rep.Fixes, wantFix)
			}
			if len(v.Evidence) == 0 {
				t.Errorf("verdict has no evidence")
			}
		})
	}
}
