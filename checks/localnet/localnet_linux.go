package localnet

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"sort"

	"gatewaydoctor/checks"
)

// The kernel's routing tables as text (proc(5)).
const (
	procNetRoute     = "/proc/net/route"
	procNetIPv6Route = "/proc/net/ipv6_route"
)

// OSLocalNetwork is this computer's interfaces (netlink, through the Go
// standard library) and default gateways (/proc/net/route and
// /proc/net/ipv6_route, which need no privileges).
func OSLocalNetwork() checks.LocalNetwork {
	return linuxLocal{route: procNetRoute, route6: procNetIPv6Route}
}

type linuxLocal struct{ route, route6 string }

func (linuxLocal) Interfaces() ([]checks.Interface, error) { return goInterfaces() }

func (l linuxLocal) DefaultGateways() ([]netip.Addr, error) {
	data, err := os.ReadFile(l.route)
	if err != nil {
		return nil, fmt.Errorf("read routes: %w", err)
	}
	routes := ParseProcNetRoute(data)
	if data6, err := os.ReadFile(l.route6); err == nil {
		routes = append(routes, ParseProcNetIPv6Route(data6)...)
	} else if !errors.Is(err, os.ErrNotExist) { // no IPv6 in this kernel is fine
		return nil, fmt.Errorf("read IPv6 routes: %w", err)
	}
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].Metric < routes[j].Metric })
	var out []netip.Addr
	for _, r := range routes {
		out = append(out, r.Gateway)
	}
	return out, nil
}

// OnLinkDefault reports an IPv4 default route without a gateway (a VPN or
// point-to-point device owns it).
func (l linuxLocal) OnLinkDefault() bool {
	data, err := os.ReadFile(l.route)
	return err == nil && len(ParseProcNetRouteOnLink(data)) > 0
}
