package dns

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"gatewaydoctor/checks"
)

func AddrStrings(as []netip.Addr) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, a.String())
	}
	return out
}

// targetHost is the target's host name, "" when there is no target or it is
// an address literal (nothing to resolve).
func targetHost(env *checks.Env) string {
	if env.Target == nil {
		return ""
	}
	h := strings.TrimSuffix(strings.ToLower(env.Target.Hostname()), ".")
	if _, err := netip.ParseAddr(h); err == nil {
		return ""
	}
	return h
}

// sameAddrs reports whether two answers share at least one address.
func overlap(a, b []netip.Addr) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func rcodeName(rc int) string {
	if s, ok := dnsRcodeNames[rc]; ok {
		return s
	}
	return fmt.Sprintf("RCODE%d", rc)
}

var dnsRcodeNames = dns.RcodeToString
