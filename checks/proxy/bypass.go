package proxy

import (
	"net/netip"
	"strconv"
	"strings"

	"gatewaydoctor/checks/proxy/pac"
)

// splitBypass splits a bypass list as the OSes write it: ";" on Windows
// (where "," is also seen in the wild, e.g. Microsoft's own secure
// workstation profile), "," on KDE and in NO_PROXY, one entry per line on
// macOS, where a Chinese-localised default joins two entries with an
// ideographic comma (U+3001). Host names contain none of these.
func splitBypass(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == ',' || r == '\u3001' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	return f
}

// bypassed reports whether host (no port) goes direct under the bypass
// entries. It understands every OS's forms: "<local>" (a name without a
// dot), globs ("*.example.org", "192.168.*"), a leading dot (".corp": the
// domain and everything under it), CIDR prefixes including macOS's short
// "169.254/16", and plain names or addresses (exact).
func bypassed(host string, entries []string) bool {
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	addr, aerr := netip.ParseAddr(host)
	isIP := aerr == nil
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if i := strings.Index(e, "://"); i >= 0 {
			e = e[i+3:]
		}
		switch {
		case e == "":
			continue
		case e == "<local>":
			if !isIP && !strings.Contains(host, ".") {
				return true
			}
		case strings.Contains(e, "/"):
			if p, ok := parsePrefix(e); ok && isIP && p.Contains(addr.Unmap()) {
				return true
			}
		case strings.ContainsAny(e, "*?"):
			if pac.ShExpMatch(host, e) {
				return true
			}
			// "*.example.org" also covers example.org itself on every OS
			// that documents it (macOS, GNOME, Windows' dialog).
			if strings.HasPrefix(e, "*.") && host == e[2:] {
				return true
			}
		case strings.HasPrefix(e, "."):
			if host == e[1:] || strings.HasSuffix(host, e) {
				return true
			}
		default:
			if h, _, ok := strings.Cut(e, ":"); ok && !strings.Contains(e, "::") {
				e = h
			}
			if host == strings.Trim(e, "[]") {
				return true
			}
		}
	}
	return false
}

// parsePrefix reads "10.0.0.0/8", "2001:db8::/32" and the short IPv4 form
// macOS writes, "169.254/16".
func parsePrefix(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), true
	}
	a, bits, ok := strings.Cut(s, "/")
	if !ok || strings.Contains(a, ":") {
		return netip.Prefix{}, false
	}
	parts := strings.Split(a, ".")
	if len(parts) > 4 {
		return netip.Prefix{}, false
	}
	for len(parts) < 4 {
		parts = append(parts, "0")
	}
	ip, err := netip.ParseAddr(strings.Join(parts, "."))
	n, err2 := strconv.Atoi(bits)
	if err != nil || err2 != nil {
		return netip.Prefix{}, false
	}
	p, err := ip.Prefix(n)
	return p, err == nil
}
