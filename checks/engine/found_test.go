package engine_test

import (
	"slices"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/localnet"
	"gatewaydoctor/checks/proxy"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/fixes"
)

func TestFoundIn(t *testing.T) {
	site := &checks.HTTPOutcome{Primary: checks.Attempt{Status: 502}}
	for _, tc := range []struct {
		name   string
		rs     checks.Results
		target *checks.HTTPOutcome
		works  []string
		portal string // "" for none
		moot   map[string]string
	}{
		{name: "nothing"},
		{name: "the target's fetch and what works, in the run's order",
			rs: checks.Results{
				{ID: localnet.CaptiveID, Status: checks.StatusOK},
				{ID: web.TargetID, Status: checks.StatusProblem, HTTP: site},
				{ID: dns.DNSResolveID, Status: checks.StatusProblem},
				{ID: localnet.ReachID, Status: checks.StatusOK},
				{ID: localnet.LocalGatewayID, Status: checks.StatusSkipped},
			},
			target: site, works: []string{localnet.CaptiveID, localnet.ReachID}},
		{name: "a portal that redirected",
			rs: checks.Results{{ID: localnet.CaptiveID, Status: checks.StatusProblem, Details: map[string]any{
				"portal_url": "http://portal.lab.test/login?x=1",
				"probes":     []map[string]any{{"url": "http://probe.lab.test/generate_204", "intercepted": true}}}}},
			portal: "http://portal.lab.test/login?x=1"},
		{name: "a portal that intercepted a probe, read back from JSON",
			rs: checks.Results{{ID: localnet.CaptiveID, Status: checks.StatusProblem, Details: map[string]any{
				"probes": []any{map[string]any{"url": "http://probe.lab.test/ok"},
					map[string]any{"url": "http://probe2.lab.test/generate_204", "intercepted": true}}}}},
			portal: "http://probe2.lab.test/generate_204"},
		{name: "no web address is a sign-in page",
			rs: checks.Results{{ID: localnet.CaptiveID, Status: checks.StatusProblem, Details: map[string]any{
				"portal_url": "file:///etc/passwd",
				"probes":     []any{map[string]any{"url": "javascript:alert(1)", "intercepted": true}}}}}},
		{name: "a proxy from environment variables makes the settings panel moot",
			rs:   checks.Results{{ID: proxy.ConfigID, Status: checks.StatusOK, Details: map[string]any{"source": "env"}}},
			moot: map[string]string{"proxy_settings": "proxy.from_env"}},
		{name: "a proxy from the desktop settings does not",
			rs: checks.Results{{ID: proxy.ConfigID, Status: checks.StatusOK, Details: map[string]any{"source": "gnome"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := engine.FoundIn(tc.rs)
			if f.Target != tc.target {
				t.Errorf("Target = %v, want %v", f.Target, tc.target)
			}
			if !slices.Equal(f.Works, tc.works) {
				t.Errorf("Works = %v, want %v", f.Works, tc.works)
			}
			got := ""
			if f.PortalURL != nil {
				got = f.PortalURL.String()
			}
			if got != tc.portal {
				t.Errorf("PortalURL = %q, want %q", got, tc.portal)
			}
			if len(f.Moot) != len(tc.moot) {
				t.Errorf("Moot = %v, want %v", f.Moot, tc.moot)
			}
			for id, why := range tc.moot {
				if f.Moot[id] != why {
					t.Errorf("Moot[%s] = %q, want %q", id, f.Moot[id], why)
				}
			}
		})
	}
}

// TestMootNamesCatalogueFixes: a fix Found makes moot is a row of the
// catalogue, so the wizard finds its step.
func TestMootNamesCatalogueFixes(t *testing.T) {
	f := engine.FoundIn(checks.Results{{ID: proxy.ConfigID, Details: map[string]any{"source": "env"}}})
	if len(f.Moot) == 0 {
		t.Fatal("a proxy from environment variables makes nothing moot")
	}
	for id := range f.Moot {
		if _, ok := fixes.Lookup(id); !ok {
			t.Errorf("Moot names %q, which the catalogue has no row for", id)
		}
	}
}

// TestContrastIDsAreChecks: every contrast check is one the engine runs.
func TestContrastIDsAreChecks(t *testing.T) {
	ids := engine.Engine{}.CheckIDs()
	for _, id := range engine.ContrastIDs {
		if !slices.Contains(ids, id) {
			t.Errorf("contrast check %q is not in the registry", id)
		}
	}
}
