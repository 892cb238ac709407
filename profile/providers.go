package profile

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Known is what the profile names but other packages define: the fix IDs
// a profile may name in [fixes] disabled. The caller hands it in
// (fixes.Known() in a real run), so the profile needs neither the fix
// catalogue nor a registry that someone must fill first; the zero Known
// accepts no fix ID at all.
type Known struct {
	FixIDs []string
}

// BuiltinProviders are the public DNS services the switch can offer by name,
// with the addresses each provider publishes (IPv4 and IPv6, primary first).
var BuiltinProviders = []Provider{
	{Name: "cloudflare", Title: "Cloudflare (1.1.1.1)", Servers: addrs(
		"1.1.1.1", "1.0.0.1", "2606:4700:4700::1111", "2606:4700:4700::1001")},
	{Name: "google", Title: "Google Public DNS (8.8.8.8)", Servers: addrs(
		"8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844")},
	{Name: "quad9", Title: "Quad9 (9.9.9.9)", Servers: addrs(
		"9.9.9.9", "149.112.112.112", "2620:fe::fe", "2620:fe::9")},
	{Name: "opendns", Title: "OpenDNS (208.67.222.222)", Servers: addrs(
		"208.67.222.222", "208.67.220.220", "2620:119:35::35", "2620:119:53::53")},
	{Name: "adguard", Title: "AdGuard DNS (94.140.14.14)", Servers: addrs(
		"94.140.14.14", "94.140.15.15", "2a10:50c0::ad1:ff", "2a10:50c0::ad2:ff")},
	// The security filter: it blocks malware sites only, unlike the family
	// filter, so switching to it does not hide ordinary sites.
	{Name: "cleanbrowsing", Title: "CleanBrowsing Security (185.228.168.9)", Servers: addrs(
		"185.228.168.9", "185.228.169.9", "2a0d:2a00:1::2", "2a0d:2a00:2::2")},
}

func addrs(ss ...string) []netip.Addr {
	out := make([]netip.Addr, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

func builtin(name string) *Provider {
	for i := range BuiltinProviders {
		if BuiltinProviders[i].Name == name {
			return &BuiltinProviders[i]
		}
	}
	return nil
}

func builtinNames() string {
	names := make([]string, len(BuiltinProviders))
	for i, p := range BuiltinProviders {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// Providers are the DNS services the switch offers, in the profile's order:
// built-in ones by name, custom ones from custom_providers. A name that is
// neither is an error (a validated profile has none).
func (p *Profile) Providers() ([]Provider, error) {
	out := make([]Provider, 0, len(p.DNS.Providers))
	for _, name := range p.DNS.Providers {
		if b := builtin(name); b != nil {
			out = append(out, Provider{Name: b.Name, Title: b.Title, Servers: slices.Clone(b.Servers)})
			continue
		}
		i := slices.IndexFunc(p.DNS.CustomProviders, func(c CustomProvider) bool { return c.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("profile: unknown DNS provider %q", name)
		}
		c := p.DNS.CustomProviders[i]
		pr := Provider{Name: c.Name, Title: c.Title}
		if pr.Title == "" {
			pr.Title = c.Name
		}
		for _, s := range c.Servers {
			a, err := parseServer(s)
			if err != nil {
				return nil, fmt.Errorf("profile: provider %q: server %q %v", name, s, err)
			}
			pr.Servers = append(pr.Servers, a)
		}
		out = append(out, pr)
	}
	return out, nil
}

// ReferenceAddrs are the reference resolvers; a bare address means port 53.
func (p *Profile) ReferenceAddrs() ([]netip.AddrPort, error) {
	out := make([]netip.AddrPort, 0, len(p.DNS.ReferenceResolvers))
	for _, r := range p.DNS.ReferenceResolvers {
		ap, err := parseResolver(r)
		if err != nil {
			return nil, fmt.Errorf("profile: reference resolver %q %v", r, err)
		}
		out = append(out, ap)
	}
	return out, nil
}

// FixDisabled reports whether the helpdesk does not want fix id offered.
func (p *Profile) FixDisabled(id string) bool {
	return slices.Contains(p.Fixes.Disabled, id)
}

// switchDNSFix is the one fix a key outside [fixes] turns off: [dns]
// allow_switch = false removes it (DESIGN.md, "Helpdesk profile").
const switchDNSFix = "switch_dns"

// Offers reports whether the profile lets fix id be offered: it is not in
// [fixes] disabled, and for switch_dns, [dns] allow_switch holds. A nil
// profile offers everything. The diagnosis engine and the fix catalogue
// both ask this, so `check`, the wizard and `fix` agree.
func (p *Profile) Offers(id string) bool {
	if p == nil {
		return true
	}
	if p.FixDisabled(id) {
		return false
	}
	return id != switchDNSFix || p.DNS.AllowSwitch
}
