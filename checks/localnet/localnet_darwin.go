package localnet

import (
	"context"
	"net/netip"
	"os/exec"
	"time"

	"gatewaydoctor/checks"
)

// routeGetTimeout bounds one `route -n get`; it reads the kernel's table
// and returns at once unless the system is wedged.
const routeGetTimeout = 2 * time.Second

// OSLocalNetwork is this computer's interfaces (routing socket, through the
// Go standard library) and default gateways (`route -n get default`, for
// IPv4 and IPv6; it needs no privileges).
func OSLocalNetwork() checks.LocalNetwork { return darwinLocal{} }

type darwinLocal struct{}

func (darwinLocal) Interfaces() ([]checks.Interface, error) { return goInterfaces() }

func (darwinLocal) routeGet(args ...string) (RouteGet, error) {
	ctx, cancel := context.WithTimeout(context.Background(), routeGetTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/sbin/route", append([]string{"-n", "get"}, args...)...).Output()
	if err != nil {
		return RouteGet{}, err
	}
	return ParseRouteGet(out), nil
}

func (d darwinLocal) DefaultGateways() ([]netip.Addr, error) {
	var out []netip.Addr
	// "route: writing to routing socket: not in table" (exit 1) means no
	// default route of that family: not an error of the check.
	if r, err := d.routeGet("default"); err == nil {
		if a, ok := r.GatewayAddr(); ok {
			out = append(out, a)
		}
	}
	if r, err := d.routeGet("-inet6", "default"); err == nil {
		if a, ok := r.GatewayAddr(); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// OnLinkDefault reports a default route through an interface, not a router.
func (d darwinLocal) OnLinkDefault() bool {
	r, err := d.routeGet("default")
	if err != nil || r.Interface == "" {
		return false
	}
	_, ok := r.GatewayAddr()
	return !ok
}
