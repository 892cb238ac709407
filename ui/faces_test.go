package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"

	"gatewaydoctor/checks/engine"
	"gatewaydoctor/internal/lab"
	"gatewaydoctor/profile"
)

// cliFace is what `check --json` prints of a run, reduced to what both
// faces must agree on.
type cliFace struct {
	Verdict struct {
		Code string `json:"code"`
		Side string `json:"side"`
	} `json:"verdict"`
	Fixes  []string `json:"fixes"`
	Checks []struct {
		ID string `json:"id"`
	} `json:"checks"`
}

// TestFacesAgree: `check` and the wizard are two faces of one engine. For
// every loopback scenario, under a profile that disables a fix and forbids
// switching DNS, both give the same verdict, the same fixes and the same set
// of checks, and neither offers what the profile turned off.
func TestFacesAgree(t *testing.T) {
	prof := profile.Default()
	prof.Fixes.Disabled = []string{"contact_site", "private_window"}
	prof.DNS.AllowSwitch = false
	off := []string{"contact_site", "private_window", "switch_dns"}

	for _, sc := range lab.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			// Each face gets a lab of its own: scripted sites answer in
			// order, and a second run must not see the first one's script.
			cliLab, uiLab := lab.New(t), lab.New(t)
			cliTarget, cliTune := sc.Stage(t, cliLab)
			uiTarget, uiTune := sc.Stage(t, uiLab)

			type cliRun struct {
				face cliFace
				err  error
			}
			done := make(chan cliRun, 1)
			go func() {
				d, err := engine.Engine{Profile: prof, Env: cliLab.EnvFunc(cliTune)}.Run(context.Background(), cliTarget, nil)
				var r cliRun
				var buf bytes.Buffer
				if r.err = err; err == nil {
					if r.err = d.Report.WriteJSON(&buf); r.err == nil {
						r.err = json.Unmarshal(buf.Bytes(), &r.face)
					}
				}
				done <- r
			}()

			h := newHarness(t, engine.Engine{Profile: prof, Env: uiLab.EnvFunc(uiTune)})
			h.startWith(uiTarget.String())
			h.waitScreen(screenVerdict)
			cli := <-done
			if cli.err != nil {
				t.Fatal(cli.err)
			}

			if got, want := string(h.w.verdict.Code), cli.face.Verdict.Code; got != want {
				t.Errorf("wizard verdict %s, check %s", got, want)
			}
			if got, want := string(h.w.verdict.Side), cli.face.Verdict.Side; got != want {
				t.Errorf("wizard side %s, check %s", got, want)
			}
			if string(h.w.verdict.Code) != string(sc.WantCode) {
				t.Errorf("verdict %s, the scenario wants %s", h.w.verdict.Code, sc.WantCode)
			}
			if !slices.Equal(h.w.steps, cli.face.Fixes) {
				t.Errorf("wizard steps %v, check fixes %v", h.w.steps, cli.face.Fixes)
			}
			var cliChecks, uiChecks []string
			for _, c := range cli.face.Checks {
				cliChecks = append(cliChecks, c.ID)
			}
			for id := range h.w.ref.rows {
				uiChecks = append(uiChecks, id)
			}
			slices.Sort(cliChecks)
			slices.Sort(uiChecks)
			if !slices.Equal(uiChecks, cliChecks) {
				t.Errorf("wizard checks %v, check's %v", uiChecks, cliChecks)
			}
			for _, id := range off {
				if slices.Contains(h.w.steps, id) || slices.Contains(cli.face.Fixes, id) {
					t.Errorf("%s is offered although the profile turned it off (wizard %v, check %v)", id, h.w.steps, cli.face.Fixes)
				}
			}
		})
	}
}
