//go:build !nogui

package main

import (
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"gatewaydoctor/profile"
	"gatewaydoctor/ui"
)

// contacted lists the addresses a run contacts besides the site, for the
// wizard's expert view (DESIGN.md, "Privacy").
func contacted(p *profile.Profile) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, r := range p.DNS.ReferenceResolvers {
		add(strings.TrimSuffix(r, ":53"))
	}
	for _, c := range p.Probes.Captive {
		if u, err := url.Parse(c.URL); err == nil {
			add(u.Hostname())
		}
	}
	for _, r := range p.Probes.Reachability {
		if u, err := url.Parse(r); err == nil {
			add(u.Hostname())
		}
	}
	return out
}

// reaches says in words what a run contacts: the reference DNS servers by
// their service's name (the built-in providers' table), the sign-in probes
// and the reachability sites.
func reaches(p *profile.Profile) ui.Reaches {
	var r ui.Reaches
	aps, _ := p.ReferenceAddrs()
	for _, ap := range aps {
		name := providerName(ap.Addr())
		switch {
		case name == "":
			r.Other++
		case !slices.Contains(r.DNS, name):
			r.DNS = append(r.DNS, name)
		}
	}
	r.SignIn = len(p.Probes.Captive) > 0
	r.Sites = len(p.Probes.Reachability) > 0
	r.Outside = p.Privacy.OutsideCheck == profile.OutsideAlways
	return r
}

// providerName is the name of the public DNS service that publishes a, ""
// for none: "Cloudflare" from the title "Cloudflare (1.1.1.1)".
func providerName(a netip.Addr) string {
	for _, pr := range profile.BuiltinProviders {
		if slices.Contains(pr.Servers, a.Unmap()) {
			name, _, _ := strings.Cut(pr.Title, " (")
			return name
		}
	}
	return ""
}
