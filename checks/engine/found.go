package engine

import (
	"net/url"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
	"gatewaydoctor/checks/localnet"
	"gatewaydoctor/checks/proxy"
	"gatewaydoctor/checks/web"
)

// ContrastIDs are the checks whose success "What we found" names beside
// the failure: what works from here shows whose side the fault is on. Each
// has a sentence "found.works.<id>" in assets/translations.
var ContrastIDs = []string{localnet.ReachID, dns.DNSResolveID, localnet.LocalGatewayID, localnet.CaptiveID}

// Found is what a run found that a face shows or acts on beside the
// verdict, read from the results here, where the checks are known, so that
// no face reads a check by its ID or its Details.
type Found struct {
	// Target is the target check's fetch; nil when it made none.
	Target *checks.HTTPOutcome
	// Works lists the contrast checks (ContrastIDs) that passed, in the
	// run's order.
	Works []string
	// PortalURL is where a captive portal's sign-in page is: the address
	// the captive check was redirected to, else the probe address the
	// portal intercepted (plain HTTP, which portals answer with their
	// sign-in page, as the OS's own sign-in helpers use). nil when the run
	// found neither.
	PortalURL *url.URL
	// Moot maps a fix ID to the translation key of why the app's own action
	// for it cannot help after what the run found: the step offers no
	// button and says why instead. A proxy set by environment variables
	// (HTTP_PROXY, …) is in no settings panel, so proxy_settings is moot.
	Moot map[string]string
}

// fixProxySettings is the fix that opens the OS's proxy settings
// (fixes' catalogue), moot for a proxy from environment variables.
const fixProxySettings = "proxy_settings"

// proxyFromEnvWhy says why: the key of the step's explanation.
const proxyFromEnvWhy = "proxy.from_env"

// FoundIn reads what rs found.
func FoundIn(rs checks.Results) Found {
	var f Found
	for _, r := range rs {
		switch r.ID {
		case web.TargetID:
			if f.Target == nil {
				f.Target = r.HTTP
			}
		case localnet.ReachID, dns.DNSResolveID, localnet.LocalGatewayID:
			if r.Status == checks.StatusOK {
				f.Works = append(f.Works, r.ID)
			}
		case localnet.CaptiveID:
			if r.Status == checks.StatusOK {
				f.Works = append(f.Works, r.ID)
			}
			if f.PortalURL == nil {
				f.PortalURL = portalAddress(r.Details)
			}
		case proxy.ConfigID:
			if r.Details != nil && r.Details["source"] == "env" {
				if f.Moot == nil {
					f.Moot = map[string]string{}
				}
				f.Moot[fixProxySettings] = proxyFromEnvWhy
			}
		}
	}
	return f
}

// portalAddress reads the sign-in page's address from the captive check's
// details.
func portalAddress(d map[string]any) *url.URL {
	if d == nil {
		return nil
	}
	if s, ok := d["portal_url"].(string); ok {
		if u := webURL(s); u != nil {
			return u
		}
	}
	for _, p := range probeDetails(d["probes"]) {
		if p["intercepted"] == true {
			if s, ok := p["url"].(string); ok {
				if u := webURL(s); u != nil {
					return u
				}
			}
		}
	}
	return nil
}

// probeDetails reads the captive check's probe list, whether it was built
// in this process or read back from JSON.
func probeDetails(v any) []map[string]any {
	switch ps := v.(type) {
	case []map[string]any:
		return ps
	case []any:
		var out []map[string]any
		for _, p := range ps {
			if m, ok := p.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// webURL parses s when it is an absolute http or https address: only such
// an address is handed to a browser.
func webURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}
