package profile

import (
	"fmt"
	"net/mail"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// defaultDNSPort is the port of a reference resolver written as a bare address.
const defaultDNSPort = 53

// validate checks every value; the first problem is returned as an *Error.
func (p *Profile) validate(src *sourceText, k Known) error {
	bad := func(key toml.Key, value, format string, args ...any) error {
		return &Error{File: src.name, Line: src.lineOf(key, value), Key: key.String(), Msg: fmt.Sprintf(format, args...)}
	}

	if e := p.Helpdesk.Email; e != "" && !looksLikeEmail(e) {
		return bad(toml.Key{"helpdesk", "email"}, e, "%q does not look like an email address (name@example.org)", e)
	}
	if u := p.Helpdesk.URL; u != "" {
		if err := webURL(u); err != nil {
			return bad(toml.Key{"helpdesk", "url"}, u, "%q %v", u, err)
		}
	}
	if p.Privacy.Preapproved && p.Helpdesk.Name == "" {
		return bad(toml.Key{"privacy", "preapproved"}, "true", "a pre-approval needs [helpdesk] name: the first screen says who approved the checks")
	}
	for _, u := range p.Targets.URLs {
		if err := webURL(u); err != nil {
			return bad(toml.Key{"targets", "urls"}, u, "%q %v", u, err)
		}
	}

	custom := map[string]bool{}
	for i, c := range p.DNS.CustomProviders {
		key := toml.Key{"dns", "custom_providers"}
		switch {
		case c.Name == "":
			return bad(append(key, "name"), "", "custom provider #%d has no name", i+1)
		case !isProviderName(c.Name):
			return bad(append(key, "name"), c.Name, "%q: a provider name is lower-case letters, digits and dashes", c.Name)
		case builtin(c.Name) != nil:
			return bad(append(key, "name"), c.Name, "%q is already a built-in provider; choose another name", c.Name)
		case custom[c.Name]:
			return bad(append(key, "name"), c.Name, "%q is defined twice", c.Name)
		case len(c.Servers) == 0:
			return bad(append(key, "name"), c.Name, "custom provider %q has no servers", c.Name)
		}
		custom[c.Name] = true
		for _, s := range c.Servers {
			if _, err := parseServer(s); err != nil {
				return bad(append(key, "servers"), s, "%q %v", s, err)
			}
		}
	}
	seen := map[string]bool{}
	for _, name := range p.DNS.Providers {
		key := toml.Key{"dns", "providers"}
		if builtin(name) == nil && !custom[name] {
			return bad(key, name, "unknown provider %q: use one of %s, or define it in custom_providers", name, builtinNames())
		}
		if seen[name] {
			return bad(key, name, "%q is listed twice", name)
		}
		seen[name] = true
	}
	if len(p.DNS.ReferenceResolvers) == 0 {
		return bad(toml.Key{"dns", "reference_resolvers"}, "", "needs at least one resolver to compare the system's answers with")
	}
	for _, r := range p.DNS.ReferenceResolvers {
		if _, err := parseResolver(r); err != nil {
			return bad(toml.Key{"dns", "reference_resolvers"}, r, "%q %v", r, err)
		}
	}
	for _, k := range []struct {
		key, value string
	}{{"latency_domain", p.DNS.LatencyDomain}, {"reference_name", p.DNS.ReferenceName}} {
		if !isDomainName(k.value) {
			return bad(toml.Key{"dns", k.key}, k.value, "%q is not a domain name like example.com", k.value)
		}
	}

	if len(p.Probes.Captive) == 0 {
		return bad(toml.Key{"probes", "captive"}, "", "needs at least one probe to detect sign-in pages")
	}
	for _, c := range p.Probes.Captive {
		key := toml.Key{"probes", "captive"}
		if err := webURL(c.URL); err != nil {
			return bad(append(key, "url"), c.URL, "%q %v", c.URL, err)
		}
		if c.Status == 0 && c.Body == "" {
			return bad(append(key, "url"), c.URL, "probe %q needs an expected status or body", c.URL)
		}
		if c.Status != 0 && (c.Status < 100 || c.Status > 599) {
			return bad(append(key, "status"), "", "%d is not an HTTP status (100–599)", c.Status)
		}
	}
	if len(p.Probes.Reachability) == 0 {
		return bad(toml.Key{"probes", "reachability"}, "", "needs at least one address to tell whether the internet works")
	}
	for _, u := range p.Probes.Reachability {
		if err := webURL(u); err != nil {
			return bad(toml.Key{"probes", "reachability"}, u, "%q %v", u, err)
		}
	}

	switch p.Privacy.OutsideCheck {
	case OutsideAsk, OutsideNever, OutsideAlways:
	default:
		return bad(toml.Key{"privacy", "outside_check"}, p.Privacy.OutsideCheck, "%q: use %q, %q or %q", p.Privacy.OutsideCheck, OutsideAsk, OutsideNever, OutsideAlways)
	}

	for _, id := range p.Fixes.Disabled {
		if !slices.Contains(k.FixIDs, id) {
			return bad(toml.Key{"fixes", "disabled"}, id, "unknown fix %q: use one of %s", id, strings.Join(k.FixIDs, ", "))
		}
	}
	return nil
}

func looksLikeEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndex(s, "@")
	return isDomainName(s[at+1:])
}

// webURL says why u is not an http or https address with a host.
func webURL(u string) error {
	parsed, err := url.Parse(u)
	switch {
	case err != nil:
		return fmt.Errorf("is not a web address")
	case parsed.Scheme != "http" && parsed.Scheme != "https":
		return fmt.Errorf("must start with http:// or https://")
	case parsed.Hostname() == "":
		return fmt.Errorf("has no host name")
	}
	return nil
}

// parseResolver reads "1.1.1.1:53", "[2606:4700:4700::1111]:53" or a bare
// address, which means port 53.
func parseResolver(s string) (netip.AddrPort, error) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		if ap.Port() == 0 {
			return netip.AddrPort{}, fmt.Errorf("has port 0")
		}
		if ap.Addr().Zone() != "" {
			return netip.AddrPort{}, fmt.Errorf("has an interface zone; use a global address")
		}
		return ap, nil
	}
	if _, err := netip.ParseAddr(s); err != nil {
		return netip.AddrPort{}, fmt.Errorf("is not an IP address with an optional port (1.1.1.1:53, [2606:4700:4700::1111]:53)")
	}
	a, err := parseServer(s)
	if err != nil {
		return netip.AddrPort{}, err
	}
	return netip.AddrPortFrom(a, defaultDNSPort), nil
}

// parseServer reads a DNS server address: an IP, no port, no zone.
func parseServer(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("is not an IP address")
	}
	if a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("has an interface zone; use a global address")
	}
	return a, nil
}

func isProviderName(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}

// isDomainName accepts a DNS name of letters, digits, dashes and
// underscores, with at least two labels.
func isDomainName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	labels := strings.Split(s, ".")
	if len(s) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") ||
			strings.Trim(strings.ToLower(l), "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return false
		}
	}
	return true
}
