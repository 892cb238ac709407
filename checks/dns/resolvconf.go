package dns

import (
	"bufio"
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"strings"
)

// DefaultResolvConfPath is where Linux and the BSDs keep the resolver list.
const DefaultResolvConfPath = "/etc/resolv.conf"

// resolvedUpstreamPath is systemd-resolved's own list of the upstream
// servers it forwards to; resolv.conf points at its stub 127.0.0.53 instead
// (systemd-resolved.service(8), "/run/systemd/resolve/resolv.conf").
var resolvedUpstreamPath = "/run/systemd/resolve/resolv.conf"

// resolvedStub is the address of systemd-resolved's stub listener
// (127.0.0.53; 127.0.0.54 is its "proxy" stub since v251).
func resolvedStub(a netip.Addr) bool {
	return a == netip.AddrFrom4([4]byte{127, 0, 0, 53}) || a == netip.AddrFrom4([4]byte{127, 0, 0, 54})
}

// ResolvConf is what resolv.conf(5) says about name servers.
type ResolvConf struct {
	Nameservers []netip.Addr
	Search      []string
	Options     []string
	// Bad lists the lines that could not be understood ("line 3: nameserver foo").
	Bad []string
}

// ParseResolvConf reads resolv.conf(5) text. Unknown keywords are ignored
// as the C library does; a nameserver that is not an address is listed in
// Bad. IPv6 zones ("fe80::1%eth0") are kept.
func ParseResolvConf(data []byte) ResolvConf {
	var rc ResolvConf
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexAny(line, "#;"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "nameserver":
			if len(f) < 2 {
				rc.Bad = append(rc.Bad, fmt.Sprintf("line %d: nameserver without an address", n))
				continue
			}
			a, err := netip.ParseAddr(f[1])
			if err != nil {
				rc.Bad = append(rc.Bad, fmt.Sprintf("line %d: nameserver %q is not an address", n, f[1]))
				continue
			}
			rc.Nameservers = append(rc.Nameservers, a)
		case "search", "domain":
			// The last search or domain line wins (resolv.conf(5)).
			rc.Search = append([]string(nil), f[1:]...)
		case "options":
			rc.Options = append(rc.Options, f[1:]...)
		}
	}
	return rc
}

// linuxResolverConfig reads resolvConf and, when it points only at the
// systemd-resolved stub, the upstreams from upstreamPath.
func linuxResolverConfig(resolvConf, upstreamPath string) (SystemResolverConfig, error) {
	cfg := SystemResolverConfig{Source: resolvConf}
	data, err := os.ReadFile(resolvConf)
	if err != nil {
		return cfg, fmt.Errorf("read %s: %w", resolvConf, err)
	}
	rc := ParseResolvConf(data)
	cfg.Bad = rc.Bad
	for _, a := range rc.Nameservers {
		cfg.Servers = append(cfg.Servers, netip.AddrPortFrom(a, 53))
	}
	if len(rc.Nameservers) > 0 && allStub(rc.Nameservers) {
		cfg.Stub = "systemd-resolved"
		if up, err := os.ReadFile(upstreamPath); err == nil {
			urc := ParseResolvConf(up)
			for _, a := range urc.Nameservers {
				if !resolvedStub(a) {
					cfg.Upstreams = append(cfg.Upstreams, a)
				}
			}
		}
	}
	return cfg, nil
}

func allStub(as []netip.Addr) bool {
	for _, a := range as {
		if !resolvedStub(a) {
			return false
		}
	}
	return true
}
