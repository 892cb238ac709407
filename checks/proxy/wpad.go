package proxy

import (
	"strings"

	"golang.org/x/net/publicsuffix"

	"gatewaydoctor/checks/dns"
)

// WPADCandidates lists the DNS auto-detection URLs for the search domains,
// most specific first: http://wpad.<domain>/wpad.dat for the domain and each
// parent, stopping at the organisation's domain (the registrable domain,
// public suffix plus one label: corp.example.co.uk stops at
// example.co.uk, never wpad.co.uk, which anyone could register — the WPAD
// "domain devolution" attack). A domain that is itself a public suffix, or
// a single label, yields nothing.
func WPADCandidates(searchDomains []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range searchDomains {
		d = strings.ToLower(strings.Trim(strings.TrimSpace(d), "."))
		if d == "" || !strings.Contains(d, ".") {
			continue
		}
		org, err := publicsuffix.EffectiveTLDPlusOne(d)
		if err != nil {
			continue
		}
		for {
			u := "http://wpad." + d + "/wpad.dat"
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
			if d == org {
				break
			}
			_, parent, ok := strings.Cut(d, ".")
			if !ok || len(parent) < len(org) {
				break
			}
			d = parent
		}
	}
	return out
}

// ParseResolvSearch returns the search domains of a resolv.conf: the last
// "search" or "domain" line wins, as in the resolver. The file is read by
// the one resolv.conf reader, dns.ParseResolvConf.
func ParseResolvSearch(b []byte) []string {
	return dns.ParseResolvConf(b).Search
}

// ParseNmcliWPAD finds DHCP option 252 (the WPAD URL) in
// `nmcli -t -f DHCP4 device show` output: lines such as
// "DHCP4.OPTION[21]:wpad = http://wpad.corp.example/wpad.dat".
// NetworkManager requests the option from the DHCP server and lists it
// only when the server sent one.
func ParseNmcliWPAD(out []byte) []string {
	var urls []string
	for _, line := range strings.Split(string(out), "\n") {
		_, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, val, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(k) != "wpad" {
			continue
		}
		if u := strings.TrimSpace(val); u != "" {
			urls = append(urls, u)
		}
	}
	return urls
}
