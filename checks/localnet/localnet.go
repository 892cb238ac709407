package localnet

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"gatewaydoctor/checks"
)

// IDs of the local-network checks.
const (
	LocalInterfacesID = "local.interfaces"
	LocalGatewayID    = "local.gateway"
)

// apipaPrefix is IPv4 link-local (RFC 3927): the address an adapter gives
// itself when no DHCP server answered ("Autoconfiguration IPv4 Address").
var apipaPrefix = netip.MustParsePrefix("169.254.0.0/16")

// localOf is env.Local, or the OS when a test did not fake it.
func localOf(env *checks.Env) checks.LocalNetwork {
	if env.Local != nil {
		return env.Local
	}
	return OSLocalNetwork()
}

// onLinkDefaulter is implemented by an OS LocalNetwork that can tell that a
// default route exists without a gateway address (a VPN or point-to-point
// link owns it), which is not "no default route".
type onLinkDefaulter interface {
	OnLinkDefault() bool
}

// goInterfaces lists the adapters through the Go standard library, which
// asks netlink on Linux, the routing socket on macOS and
// GetAdaptersAddresses on Windows.
func goInterfaces() ([]checks.Interface, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("list interfaces: %w", err)
	}
	out := make([]checks.Interface, 0, len(ifs))
	for _, ifc := range ifs {
		it := checks.Interface{Index: ifc.Index, Name: ifc.Name, Up: ifc.Flags&net.FlagUp != 0 && ifc.Flags&net.FlagRunning != 0}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok {
				ip, ok := netip.AddrFromSlice(ipn.IP)
				ones, _ := ipn.Mask.Size()
				if ok {
					ip = ip.Unmap()
					if ip.Is4() && ones > 32 {
						ones -= 96
					}
					it.Addrs = append(it.Addrs, netip.PrefixFrom(ip, ones))
				}
			}
		}
		out = append(out, it)
	}
	return out, nil
}

// usableAddr reports whether a is an address that reaches beyond the link:
// not loopback, not link-local (IPv4 APIPA or IPv6 fe80::), not unspecified.
func usableAddr(a netip.Addr) bool {
	return a.IsValid() && !a.IsLoopback() && !a.IsLinkLocalUnicast() && !a.IsUnspecified() && !a.IsMulticast()
}

// InterfacesCheck reports the adapters that are up with a usable address;
// none is CodeNoUsableAddress, a self-assigned 169.254.x.x is CodeAPIPA.
func InterfacesCheck() checks.Check {
	return checks.Func{Name: LocalInterfacesID, Limit: 2 * time.Second, Fn: runInterfaces}
}

func runInterfaces(_ context.Context, env *checks.Env) checks.Result {
	res := checks.Result{ID: LocalInterfacesID}
	ifs, err := localOf(env).Interfaces()
	if err != nil {
		return checks.Errored(LocalInterfacesID, err)
	}
	var usable, apipa []string
	details := []map[string]any{}
	for _, ifc := range ifs {
		var addrs []string
		good, self := false, false
		for _, p := range ifc.Addrs {
			addrs = append(addrs, p.String())
			a := p.Addr()
			if a.IsLoopback() {
				continue
			}
			if a.Is4() && apipaPrefix.Contains(a) {
				self = true
			}
			if usableAddr(a) {
				good = true
			}
		}
		details = append(details, map[string]any{"index": ifc.Index, "name": ifc.Name, "up": ifc.Up, "addrs": addrs})
		if !ifc.Up {
			continue
		}
		if good {
			usable = append(usable, fmt.Sprintf("%s (%s)", ifc.Name, strings.Join(addrs, ", ")))
		} else if self {
			apipa = append(apipa, fmt.Sprintf("%s (%s)", ifc.Name, strings.Join(addrs, ", ")))
		}
	}
	res.Details = map[string]any{"interfaces": details}
	for _, u := range usable {
		// An adapter's name and addresses are data.
		res.Saw(checks.Say("evidence.local.interfaces.usable", "{{.Adapter}}", checks.Args{"Adapter": u}))
	}
	if len(apipa) > 0 {
		res.Codes = append(res.Codes, checks.CodeAPIPA)
		for _, a := range apipa {
			res.Saw(checks.Say("evidence.local.interfaces.self_assigned", "self-assigned address, no DHCP answer: {{.Addr}}", checks.Args{"Addr": a}))
		}
	}
	switch {
	case len(usable) == 0:
		res.Status = checks.StatusProblem
		res.Codes = append(res.Codes, checks.CodeNoUsableAddress)
		if len(apipa) > 0 {
			res.Say(checks.Say("summary.local.interfaces.self_assigned", "The network adapter gave itself an address (169.254.x.x): the router's DHCP did not answer.", nil))
		} else {
			res.Say(checks.Say("summary.local.interfaces.none", "No network adapter is connected with a usable address.", nil))
		}
	case len(apipa) > 0:
		res.Status = checks.StatusProblem
		res.Say(checks.Say("summary.local.interfaces.some_self_assigned", "Connected through {{.N}} adapter(s), but one gave itself a 169.254.x.x address.", checks.Args{"N": len(usable)}))
	default:
		res.Status = checks.StatusOK
		res.Say(checks.Say("summary.local.interfaces.ok", "Connected through {{.N}} adapter(s) with a usable address.", checks.Args{"N": len(usable)}))
	}
	return res
}

// GatewayCheck finds the default gateways and asks each whether it answers,
// with unprivileged probes only (see probeGateway).
func GatewayCheck() checks.Check {
	return checks.Func{Name: LocalGatewayID, Limit: 3 * time.Second, Fn: runGateway}
}

func runGateway(ctx context.Context, env *checks.Env) checks.Result {
	res := checks.Result{ID: LocalGatewayID}
	ln := localOf(env)
	gws, err := ln.DefaultGateways()
	if err != nil {
		return checks.Errored(LocalGatewayID, err)
	}
	if len(gws) == 0 {
		if ol, ok := ln.(onLinkDefaulter); ok && ol.OnLinkDefault() {
			res.Status = checks.StatusOK
			res.Codes = []checks.Code{checks.CodeGatewayNoProbe}
			res.Say(checks.Say("summary.local.gateway.point_to_point", "The default route goes through a point-to-point link (often a VPN); there is no router to ask.", nil))
			return res
		}
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeNoDefaultRoute}
		res.Say(checks.Say("summary.local.gateway.no_route", "This computer has no default route: it does not know a router to the internet.", nil))
		return res
	}
	type answer struct {
		gw    netip.Addr
		probe string
		rtt   time.Duration
		err   error
	}
	answers := make([]answer, len(gws))
	var wg sync.WaitGroup
	for i, gw := range gws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			probe, err := probeGateway(ctx, env, gw)
			answers[i] = answer{gw, probe, time.Since(start), err}
		}()
	}
	wg.Wait()
	var up []string
	var details []map[string]any
	for _, a := range answers {
		d := map[string]any{"gateway": a.gw.String(), "probe": a.probe, "ms": a.rtt.Milliseconds()}
		if a.err != nil {
			d["error"] = a.err.Error()
			res.Saw(checks.Say("evidence.local.gateway.down", "router {{.Router}} did not answer ({{.Probe}}): {{.Error}}", checks.Args{"Router": a.gw.String(), "Probe": a.probe, "Error": a.err.Error()}))
		} else {
			up = append(up, a.gw.String())
			res.Saw(checks.Say("evidence.local.gateway.up", "router {{.Router}} answered {{.Probe}} in {{.MS}} ms", checks.Args{"Router": a.gw.String(), "Probe": a.probe, "MS": a.rtt.Milliseconds()}))
		}
		details = append(details, d)
	}
	res.Details = map[string]any{"gateways": details}
	if len(up) == 0 {
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeGatewayDown}
		res.Say(checks.Say("summary.local.gateway.down", "The router ({{.Router}}) does not answer.", checks.Args{"Router": gws[0].String()}))
		return res
	}
	res.Status = checks.StatusOK
	res.Say(checks.Say("summary.local.gateway.ok", "The router answers ({{.Routers}}).", checks.Args{"Routers": strings.Join(up, ", ")}))
	return res
}
