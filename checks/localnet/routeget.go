package localnet

import (
	"bufio"
	"bytes"
	"net/netip"
	"strings"
)

// RouteGet is the answer of macOS `route -n get default`.
type RouteGet struct {
	Destination string
	Mask        string
	Gateway     string // an address, or "link#N" for an interface route
	Interface   string
	Flags       []string
}

// ParseRouteGet reads `route -n get …` output ("key: value" lines, then a
// table of metrics that is ignored).
func ParseRouteGet(data []byte) RouteGet {
	var r RouteGet
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch strings.TrimSpace(key) {
		case "destination":
			r.Destination = val
		case "mask":
			r.Mask = val
		case "gateway":
			r.Gateway = val
		case "interface":
			r.Interface = val
		case "flags":
			r.Flags = strings.Split(strings.Trim(val, "<>"), ",")
		}
	}
	return r
}

// GatewayAddr returns the gateway when the route goes through one (flag
// GATEWAY and an address, not "link#N"). A link-local IPv6 gateway gets the
// interface as its zone.
func (r RouteGet) GatewayAddr() (netip.Addr, bool) {
	hasGW := false
	for _, f := range r.Flags {
		if f == "GATEWAY" {
			hasGW = true
		}
	}
	a, err := netip.ParseAddr(r.Gateway)
	if !hasGW || err != nil || a.IsUnspecified() {
		return netip.Addr{}, false
	}
	if a.Is6() && a.IsLinkLocalUnicast() && a.Zone() == "" && r.Interface != "" {
		a = a.WithZone(r.Interface)
	}
	return a, true
}
