package checks_test

import (
	"context"
	"testing"
	"time"

	"gatewaydoctor/checks/engine"
	"gatewaydoctor/internal/lab"
)

// TestScenarios runs every loopback scenario through the engine: the
// verdict each must reach, and the words of its report in every language.
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
			lab.RecordScenario(t, "loopback", sc.Name, d.Report)
			sc.Verify(t, d.Results, d.Verdict, d.Report)
			// Every line a person reads is keyed and translated, as the
			// run made it (a call site a grep misses still shows here).
			assertEveryLineKeyed(t, d.Report)
		})
	}
}
